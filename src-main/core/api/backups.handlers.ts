import { runAutomaticBackup, saveBackupFolder } from '../backup/automatic-backup'
import { backupStatus } from '../backup/backup-scheduler'
import { checkRestoreTarget } from '../backup/folder-checks'
import { restoreBackup } from '../backup/restore-backup'
import type { Office } from '../office'
import type { PrefixHandlers } from './handler-types'

/** The backups.* methods (contract: src-shared/api/backups.ts). */
export function backupsHandlers(office: Office): PrefixHandlers<'backups'> {
  return {
    'backups.status': () => backupStatus(office),
    'backups.runNow': async () => {
      const r = await runAutomaticBackup(office)
      return { file: r.file, size: r.size, createdAt: r.createdAt, counts: r.counts }
    },
    'backups.setFolder': (input) => {
      saveBackupFolder(office, input.folder)
      return backupStatus(office)
    },
    'backups.restore': (input) => {
      checkRestoreTarget(input.dataDir, office.sharedDir)
      return restoreBackup(
        input.file,
        input.dataDir,
        office.nativeBinding ? { nativeBinding: office.nativeBinding } : {},
      )
    },
  }
}
