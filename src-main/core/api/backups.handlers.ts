import { runAutomaticBackup, saveBackupFolder } from '../backup/automatic-backup'
import { backupStatus } from '../backup/backup-scheduler'
import { backupRefusedOnPostgres } from '../backup/postgres-advice'
import { checkRestoreTarget } from '../backup/folder-checks'
import { restoreBackup } from '../backup/restore-backup'
import { confirmAdmin } from '../auth/admin-confirm'
import { recordOfficeEvent } from '../lifecycle/office-log'
import type { Office } from '../office'
import { signedIn, type PrefixHandlers } from './handler-types'

/**
 * The backups.* methods (contract: src-shared/api/backups.ts). Where backups go and restoring
 * one are an admin's, confirmed with their own PIN (a billing user could otherwise send the
 * office's backups, PIN hashes included, to a folder they control); status and "Back up now"
 * are anyone's.
 */
export function backupsHandlers(office: Office): PrefixHandlers<'backups'> {
  return {
    'backups.status': () => backupStatus(office),
    'backups.runNow': async () => {
      if (office.engine === 'postgres') throw backupRefusedOnPostgres(office.database, office.attachmentsDir)
      const r = await runAutomaticBackup(office)
      return { file: r.file, size: r.size, createdAt: r.createdAt, counts: r.counts }
    },
    'backups.setFolder': async (input, ctx) => {
      const user = signedIn(ctx)
      await confirmAdmin(office, user, input.confirmPin, 'where backups go')
      await saveBackupFolder(office, input.folder, { userId: user.id })
      return backupStatus(office)
    },
    'backups.restore': async (input, ctx) => {
      const user = signedIn(ctx)
      await confirmAdmin(office, user, input.confirmPin, 'a backup', 'restore a backup')
      checkRestoreTarget(input.dataDir, office.sharedDir)
      const restored = await restoreBackup(
        input.file,
        input.dataDir,
        office.nativeBinding ? { nativeBinding: office.nativeBinding } : {},
      )
      await recordOfficeEvent(office, {
        type: 'backup-restored',
        actor: user.id,
        data: { file: input.file, dataDir: restored.dataDir, backupCreatedAt: restored.backupCreatedAt },
      })
      return restored
    },
  }
}
