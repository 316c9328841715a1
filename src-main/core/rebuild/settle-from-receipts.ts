import type { Kysely } from 'kysely'
import type { JobStatus } from '../../../src-shared/domain/status'
import { withTransaction, type EngineDb } from '../db/engine-db'
import type { Database } from '../db/schema'
import { raiseInvoiceNumbersIn } from '../exports/invoice-numbers.repo'
import { appendEventIn } from '../lifecycle/event-log'
import { changeJobStatusIn } from '../lifecycle/job-status'
import { setVoidReasonIn } from '../jobs/job-rows.repo'
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
 * its history. The invoice sequence moves past every number that came back. One transaction on
 * either engine (issue #17); the receipts were read from the shared folder before it.
 */
export async function settleFromReceipts(
  edb: EngineDb,
  bundles: readonly ArchivedBundle[],
  actor = REBUILD_ACTOR,
): Promise<ReceiptSettlement> {
  const receipts = new Map(bundles.map((b) => [b.manifest.submissionId, b.receipt]))
  const at = new Date().toISOString()
  return withTransaction(edb, async (trx) => {
    const jobOf = await jobsOfSubmissions(trx, [...receipts.keys()])
    const perJob = new Map<string, number>()
    for (const b of bundles) {
      const jobId = jobOf.get(b.manifest.submissionId)
      if (jobId) perJob.set(jobId, (perJob.get(jobId) ?? 0) + 1)
    }
    const settlement: ReceiptSettlement = {
      jobs: perJob.size,
      invoiced: [],
      voided: [],
      decideAgain: [],
      noReceipt: [],
    }
    const usedNumbers = new Set<string>()
    for (const [jobId, bundleCount] of [...perJob].sort(([a], [b]) => a.localeCompare(b))) {
      const job = (await trx
        .selectFrom('jobs')
        .select(['id', 'status', 'current_submission_id'])
        .where('id', '=', jobId)
        .executeTakeFirst())!
      const from = job.status as JobStatus
      const receipt = job.current_submission_id ? receipts.get(job.current_submission_id) : null
      let status = from
      if (!receipt) settlement.noReceipt.push(jobId)
      else if (receipt.status === 'invoiced' && status !== 'invoiced') {
        const number = receipt.invoiceNumber && !usedNumbers.has(receipt.invoiceNumber) ? receipt.invoiceNumber : null
        if (number) usedNumbers.add(number)
        const why = `its receipt says invoiced${number ? ` as ${number}` : ''}`
        await setStatus(trx, { actor, jobId, from, to: 'invoiced', at, why, invoiceNumber: number })
        settlement.invoiced.push({ jobId, invoiceNumber: number })
        status = 'invoiced'
      } else if (receipt.status === 'void' && status !== 'void') {
        await setStatus(trx, { actor, jobId, from, to: 'void', at, why: 'its receipt says void', invoiceNumber: null })
        await setVoidReasonIn(trx, jobId, 'Voided before the rebuild (its receipt says void)')
        settlement.voided.push(jobId)
        status = 'void'
      } else if (receipt.status !== status) {
        settlement.decideAgain.push({ jobId, was: receipt.status, now: status })
      }
      await appendEventIn(trx, {
        jobId,
        type: 'rebuilt-from-archive',
        actor,
        at,
        data: { bundles: bundleCount, receiptStatus: receipt?.status ?? null, status },
      })
    }
    // New invoices must never reuse a number that came back: the sequence continues after the highest.
    const highest = Math.max(0, ...[...usedNumbers].map((n) => Number(/(\d+)$/.exec(n)?.[1] ?? 0)))
    if (highest > 0) await raiseInvoiceNumbersIn(trx, edb.engine, highest + 1)
    return settlement
  })
}

/** submission id → its job, for these submissions (unknown ones absent). */
async function jobsOfSubmissions(
  trx: Kysely<Database>,
  submissionIds: readonly string[],
): Promise<Map<string, string>> {
  const jobOf = new Map<string, string>()
  for (let i = 0; i < submissionIds.length; i += 500) {
    const rows = await trx
      .selectFrom('submissions')
      .select(['id', 'job_id'])
      .where('id', 'in', submissionIds.slice(i, i + 500))
      .execute()
    for (const row of rows) jobOf.set(row.id, row.job_id)
  }
  return jobOf
}

/** A recorded fact restored, not a decision: it bypasses the status machine and says why in the log. */
async function setStatus(
  trx: Kysely<Database>,
  change: {
    actor: string
    jobId: string
    from: JobStatus
    to: JobStatus
    at: string
    why: string
    invoiceNumber: string | null
  },
): Promise<void> {
  await changeJobStatusIn(trx, {
    jobId: change.jobId,
    from: change.from,
    to: change.to,
    actor: change.actor,
    at: change.at,
    reason: `rebuilt from the archive: ${change.why}`,
    ...(change.invoiceNumber ? { invoiceNumber: change.invoiceNumber } : {}),
    restoring: true,
  })
}
