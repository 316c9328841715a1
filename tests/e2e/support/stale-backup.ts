import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { withTransaction, type EngineDb } from '../../../src-main/core/db/engine-db'
import { writeSettingIn } from '../../../src-main/core/settings/settings-store'

const DAY = 86_400_000

/**
 * Leaves the office with a last backup three days old (of batch `lastBatchId`) in a backup
 * folder that is gone (a path under a file beside the shared folder, as when a USB drive is
 * unplugged): the automatic backups keep failing until someone fixes it in Settings > Backups.
 */
export async function backupFolderGone(office: EngineDb, sharedDir: string, lastBatchId: number): Promise<void> {
  const gone = join(sharedDir, '..', 'usb-drive-gone')
  writeFileSync(gone, 'not a folder')
  const at = new Date(Date.now() - 3 * DAY).toISOString()
  await withTransaction(office, async (trx) => {
    await writeSettingIn(trx, 'backups.folder', join(gone, 'backups'))
    await writeSettingIn(trx, 'backups.last', {
      at,
      file: join(gone, 'backups', 'closeout-old.closeout-backup'),
      size: 123_456,
      lastBatchId,
    })
  })
}
