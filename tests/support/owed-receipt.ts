import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { oweReceiptsIn } from '../../src-main/core/receipts/receipt-outbox'
import { withTransaction } from '../../src-main/core/db/engine-db'
import { saveSharedDirIn, writeSettingIn } from '../../src-main/core/settings/settings-store'
import { approvalsOffice, disposeTemplate } from '../integration/approvals/approvals-harness'

export interface OfficeOwingAReceipt {
  dataDir: string
  /** The shared folder saved in Settings (not the one the office was first opened with). */
  savedShared: string
  /** A HOME inside the temp folder, so the OS-default shared folder is never the real one. */
  home: string
  submissionId: string
  /** Whether the receipt is in the saved shared folder (and not in the default one), with its status. */
  receiptStatus(): { saved: string | null; inDefaultFolder: boolean }
  dispose(): Promise<void>
}

/**
 * A closed office (demo company) that saved another shared folder in Settings and still owes a
 * technician the receipt of an invoice-ready closeout, as a crash after a decision leaves it.
 */
export async function officeOwingAReceipt(): Promise<OfficeOwingAReceipt> {
  const h = await approvalsOffice()
  const submissionId = await h.submit()
  const savedShared = join(h.folders.root, 'saved-shared')
  const home = join(h.folders.root, 'home')
  mkdirSync(savedShared, { recursive: true })
  mkdirSync(home, { recursive: true })
  await withTransaction(h.office, (trx) => saveSharedDirIn(trx, savedShared))
  // The phone form on a free loopback port, for hosts that start it.
  await withTransaction(h.office, (trx) => writeSettingIn(trx, 'lan', { host: '127.0.0.1', port: 0 }))
  await withTransaction(h.office, (trx) => oweReceiptsIn(trx, [submissionId], new Date().toISOString()))
  await h.office.close()
  const receipt = (shared: string) => join(shared, 'receipts', `${submissionId}.json`)
  return {
    dataDir: h.folders.dataDir,
    savedShared,
    home,
    submissionId,
    receiptStatus: () => ({
      saved: existsSync(receipt(savedShared))
        ? (JSON.parse(readFileSync(receipt(savedShared), 'utf8')) as { status: string }).status
        : null,
      inDefaultFolder: existsSync(receipt(join(home, 'Closeout Shared'))),
    }),
    dispose: async () => {
      await h.dispose()
      disposeTemplate()
    },
  }
}
