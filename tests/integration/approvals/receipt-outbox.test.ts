import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { approveJob, sendBackJob } from '../../../src-main/core/approvals/decisions'
import { withTransaction } from '../../../src-main/core/db/engine-db'
import { runExport } from '../../../src-main/core/exports/export-batches'
import { oweReceiptsIn, payReceiptsTogether } from '../../../src-main/core/receipts/receipt-outbox'
import { approvalsOffice, disposeTemplate, type ApprovalsOffice } from './approvals-harness'

/**
 * A decision or export commits, then its receipt cannot be written (the shared folder is
 * unreachable, the app is closed or killed before the background writes): the technician must
 * not keep the old status forever.
 */
const LEE = { userId: 'U-2', pin: '1357' }

let h: ApprovalsOffice
beforeEach(async () => {
  h = await approvalsOffice()
  vi.spyOn(console, 'error').mockImplementation(() => undefined)
})
afterEach(async () => {
  vi.restoreAllMocks()
  await h.dispose()
})
afterAll(() => disposeTemplate())

/** Makes the receipt's path unwritable (a folder sits where the file goes); returns the undo. */
function blockReceipt(submissionId: string): () => void {
  const path = join(h.folders.sharedDir, 'receipts', `${submissionId}.json`)
  rmSync(path, { force: true })
  mkdirSync(path, { recursive: true })
  writeFileSync(join(path, 'keep'), 'x')
  return () => rmSync(path, { recursive: true, force: true })
}

const owed = () => h.office.sqlite.prepare('SELECT submission_id FROM pending_receipts').pluck().all()

describe('receipts owed after a decision', () => {
  it('an approval whose receipt cannot be written still succeeds, and the receipt is written at the next start', async () => {
    const id = await h.submit({ warrantyClaim: true })
    const unblock = blockReceipt(id)

    const result = await approveJob(h.office, { jobId: 'J-1043', ...LEE })

    expect(result.status).toBe('invoice-ready')
    expect(owed()).toEqual([id])
    unblock()
    await h.reopen()
    expect(h.receipt(id).status).toBe('invoice-ready')
    expect(owed()).toEqual([])
  })

  it('the next decision also writes what an earlier one still owes', async () => {
    const first = await h.submit({ warrantyClaim: true })
    const unblock = blockReceipt(first)
    await approveJob(h.office, { jobId: 'J-1043', ...LEE })
    unblock()

    const second = await h.submit({
      job: { id: 'J-1050' },
      technician: { id: 'T-09', name: 'Marcus Bell' },
      warrantyClaim: true,
      parts: [],
    })
    await sendBackJob(h.office, { jobId: 'J-1050', ...LEE, comment: 'Which unit was it?' })

    expect(h.receipt(first).status).toBe('invoice-ready')
    expect(h.receipt(second)).toMatchObject({ status: 'sent-back', comment: 'Which unit was it?' })
    expect(owed()).toEqual([])
  })
})

describe('receipts owed after an export', () => {
  it('receipts the background writer could not write stay owed, and the next start writes them', async () => {
    const id = await h.submit()
    expect(h.receipt(id).status).toBe('invoice-ready')
    const unblock = blockReceipt(id)

    const { receipts } = await runExport(h.office, { format: 'csv', outDir: join(h.folders.root, 'out'), user: 'test' })
    await receipts
    expect(owed()).toEqual([id])
    unblock()
    await h.reopen()

    expect(h.job('J-1043').status).toBe('invoiced')
    expect(h.receipt(id).status).toBe('invoiced')
    expect(owed()).toEqual([])
  })
})

describe('receipts written together (an export batch)', () => {
  it("each says its own submission's status and latest send-back comment, slice after slice, and the debts clear", async () => {
    const first = await h.submit({ warrantyClaim: true })
    await sendBackJob(h.office, { jobId: 'J-1043', ...LEE, comment: 'First look: which unit?' })
    const other = await h.submit({
      job: { id: 'J-1050' },
      technician: { id: 'T-09', name: 'Marcus Bell' },
      warrantyClaim: true,
      parts: [],
    })
    await sendBackJob(h.office, { jobId: 'J-1050', ...LEE, comment: 'Which unit was it?' })
    const again = await h.submit({ warrantyClaim: true })
    await sendBackJob(h.office, { jobId: 'J-1043', ...LEE, comment: 'Second look: the serial plate' })
    await approveJob(h.office, { jobId: 'J-1050', ...LEE }).catch(() => undefined)
    const ids = [first, other, again]
    for (const id of ids) rmSync(join(h.folders.sharedDir, 'receipts', `${id}.json`))
    const unknown = '00000000-0000-4000-8000-00000000dead'
    await withTransaction(h.office, (trx) => oweReceiptsIn(trx, [...ids, unknown], new Date().toISOString()))

    const result = await payReceiptsTogether(h.office, [first, unknown, other, again], 1)

    expect(result).toEqual({ written: 4, failed: 0 })
    // The first closeout of J-1043 was replaced: it keeps its own send-back, not the second one's.
    expect(h.receipt(first)).toMatchObject({ jobId: 'J-1043', status: 'sent-back', comment: 'First look: which unit?' })
    expect(h.receipt(again)).toMatchObject({
      jobId: 'J-1043',
      status: 'sent-back',
      comment: 'Second look: the serial plate',
    })
    expect(h.receipt(other)).toMatchObject({ jobId: 'J-1050', comment: 'Which unit was it?' })
    expect(h.receipt(other).status).toBe(h.job('J-1050').status)
    // An id with no submission has no receipt to write: its debt is settled like the others.
    expect(owed()).toEqual([])
  })
})
