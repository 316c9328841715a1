import type { JobStatus } from '../../../src-shared/domain/status'
import { appendEvent } from '../lifecycle/event-log'
import { changeJobStatus } from '../lifecycle/job-status'
import { findJobLink, setVoidReason, type JobLink } from '../jobs/job-rows.repo'
import { jobOfSubmission } from '../jobs/submissions.repo'
import type { Office } from '../office'
import { raiseNextInvoiceNumber } from '../setup/company.repo'
import type { ArchivedBundle } from './archived-bundles'

/** Who the rebuild is recorded under when the office has no users to name. */
export const REBUILD_ACTOR = 'rebuild'

export interface ReceiptSettlement {
  jobs: number
  /** Exported before: back as invoiced with the number the receipt carries. */
  invoiced: { jobId: string; invoiceNumber: string | null }[]
  /** Voided before (the receipt says so): back as void, never exported. */
  voided: string[]
  /** The receipt said something the rules alone cannot give back (an approval, a send-back). */
  decideAgain: { jobId: string; was: string; now: JobStatus }[]
  /** No receipt for the job's closeout: check the accounting system before exporting it. */
  noReceipt: string[]
}

/**
 * After the re-ingest: each rebuilt job is settled from the receipt of its current closeout
 * (the shared folder's copy of the office's last word), then marked `rebuilt-from-archive` in
 * its history. The invoice sequence moves past every number that came back.
 */
export function settleFromReceipts(
  office: Office,
  bundles: readonly ArchivedBundle[],
  actor = REBUILD_ACTOR,
): ReceiptSettlement {
  const { sqlite } = office
  const receipts = new Map(bundles.map((b) => [b.manifest.submissionId, b.receipt]))
  const perJob = new Map<string, number>()
  for (const b of bundles) {
    const jobId = jobOfSubmission(office, b.manifest.submissionId)
    if (jobId) perJob.set(jobId, (perJob.get(jobId) ?? 0) + 1)
  }
  const settlement: ReceiptSettlement = { jobs: perJob.size, invoiced: [], voided: [], decideAgain: [], noReceipt: [] }
  const at = new Date().toISOString()
  const usedNumbers = new Set<string>()
  sqlite.transaction(() => {
    for (const [jobId, bundleCount] of [...perJob].sort(([a], [b]) => a.localeCompare(b))) {
      const job = findJobLink(office, jobId)!
      const receipt = job.currentSubmissionId ? receipts.get(job.currentSubmissionId) : null
      let status = job.status
      if (!receipt) settlement.noReceipt.push(jobId)
      else if (receipt.status === 'invoiced' && status !== 'invoiced') {
        const number = receipt.invoiceNumber && !usedNumbers.has(receipt.invoiceNumber) ? receipt.invoiceNumber : null
        if (number) usedNumbers.add(number)
        setStatus(
          office,
          actor,
          job,
          'invoiced',
          at,
          `its receipt says invoiced${number ? ` as ${number}` : ''}`,
          number,
        )
        settlement.invoiced.push({ jobId, invoiceNumber: number })
        status = 'invoiced'
      } else if (receipt.status === 'void' && status !== 'void') {
        setStatus(office, actor, job, 'void', at, 'its receipt says void', null)
        setVoidReason(office, jobId, 'Voided before the rebuild (its receipt says void)')
        settlement.voided.push(jobId)
        status = 'void'
      } else if (receipt.status !== status) {
        settlement.decideAgain.push({ jobId, was: receipt.status, now: status })
      }
      appendEvent(sqlite, office.db, {
        jobId,
        type: 'rebuilt-from-archive',
        actor,
        at,
        data: { bundles: bundleCount, receiptStatus: receipt?.status ?? null, status },
      })
    }
    moveInvoiceSequencePast(office, [...usedNumbers])
  })()
  return settlement
}

/** A recorded fact restored, not a decision: it bypasses the status machine and says why in the log. */
function setStatus(
  office: Office,
  actor: string,
  job: JobLink,
  to: JobStatus,
  at: string,
  why: string,
  invoiceNumber: string | null,
): void {
  changeJobStatus(office, {
    jobId: job.id,
    from: job.status,
    to,
    actor,
    at,
    reason: `rebuilt from the archive: ${why}`,
    ...(invoiceNumber ? { invoiceNumber } : {}),
    restoring: true,
  })
}

/** New invoices must never reuse a number that came back: the sequence continues after the highest. */
function moveInvoiceSequencePast(office: Office, numbers: string[]): void {
  const highest = Math.max(0, ...numbers.map((n) => Number(/(\d+)$/.exec(n)?.[1] ?? 0)))
  if (highest > 0) raiseNextInvoiceNumber(office, highest + 1)
}
