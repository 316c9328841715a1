import { sweepAttachmentStore } from './store/temp-sweep'
import { payOwedReceipts } from './receipts/receipt-outbox'
import type { Office } from './office'

/**
 * What a host (CLI, `serve`, the desktop app) does once, after it has opened the real office
 * with the folders it will use: work an earlier run left owed. It is not part of `openOffice`
 * on purpose: opening must not write into a shared folder the host has not settled yet.
 */
export async function startOffice(office: Office): Promise<void> {
  // Receipts a crash or an unreachable shared folder left owed after a decision or export.
  await payOwedReceipts(office)
  // Temp files a kill left in the attachment store (older stores kept them beside the blobs).
  void sweepAttachmentStore(office.attachmentsDir).catch((error: unknown) =>
    console.error('[closeout] attachment store: could not sweep temp files:', error),
  )
}
