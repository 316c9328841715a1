import type { Kysely } from 'kysely'
import { writeJobPricingIn } from '../jobs/job-rows.repo'
import { insertSubmissionLinesIn, writeLinePricingIn, writeSubmissionVerdictIn } from '../jobs/submissions.repo'
import type { Finding } from '../../../src-shared/schemas/bundle'
import type { Closeout } from '../../../src-shared/schemas/closeout'
import { evaluateRules, type RulesResult } from '../../../src-shared/domain/rules'
import { canTransition, type JobStatus } from '../../../src-shared/domain/status'
import type { EngineDb } from '../db/engine-db'
import type { Database } from '../db/schema'
import { changeJobStatusIn, type StatusChange } from '../lifecycle/job-status'
import type { LoadedSubmission, RulesShared } from '../lifecycle/rules-context'
import type { NewEvent } from './event-log'
import { loadSubmissionAsync } from './load-submissions'
import { documentLineRows } from './submission-lines'

export interface Evaluation {
  status: JobStatus
  findings: Finding[]
  /** Whether the job's status changed (the caller writes the receipt after commit). */
  changed: boolean
  result: RulesResult
}

interface EvaluateOptions {
  actor: string
  reason: string
  at?: string
  afterIngest?: boolean
  closeout?: Closeout | undefined
}

/**
 * evaluateSubmission on the async path (issue #17), for the office's writers on a job (an edit
 * of its lines, the ways out of needs-review) in a withTransaction body on either engine: `trx`
 * is that transaction, `edb` the engine it runs on. The same context (load-submissions.ts), the
 * same rules, rows and status changes as the synchronous form.
 */
export async function evaluateSubmissionIn(
  edb: EngineDb,
  trx: Kysely<Database>,
  submissionId: string,
  options: EvaluateOptions & InTransactionOptions,
): Promise<Evaluation> {
  const inTrx: EngineDb = { ...edb, db: trx }
  const known = options.closeout ? new Map([[submissionId, options.closeout]]) : undefined
  const load = () => loadSubmissionAsync(inTrx, submissionId, options.shared, known)
  let loaded = await load()
  if (loaded.lineRows.length === 0) {
    // The document's lines, when nothing wrote them (as loadSubmission's ensureLines).
    const rows = documentLineRows(submissionId, loaded.closeout)
    if (rows.length > 0) {
      await insertSubmissionLinesIn(trx, rows)
      loaded = await load()
    }
  }
  const plan = verdictPlan(loaded, submissionId, options)
  for (const w of plan.lines) await writeLinePricingIn(trx, w.id, w.amountCents, w.taxable)
  await writeSubmissionVerdictIn(trx, submissionId, plan.verdict)
  if (plan.pricing) await writeJobPricingIn(trx, loaded.job.id, plan.pricing)
  for (const change of plan.changes) await changeJobStatusIn(trx, change, options.log)
  return plan.evaluation
}

/** What a caller evaluating many submissions in one transaction (the ingest's group) hands in. */
interface InTransactionOptions {
  /** What every evaluation shares, read once for the transaction (load-submissions.ts loadRulesSharedAsync). */
  shared?: RulesShared
  /** Where the status changes' events go, for the caller to append in order (changeJobStatusIn). */
  log?: NewEvent[]
}

/** What an evaluation writes, decided once for both paths: the rows are written by the caller. */
function verdictPlan(loaded: LoadedSubmission, submissionId: string, options: EvaluateOptions) {
  const result = evaluateRules(loaded.input)
  const at = options.at ?? new Date().toISOString()
  const byLineNo = new Map(result.lines.map((l) => [l.lineNo, l]))
  const lines: { id: number; amountCents: number | null; taxable: number }[] = []
  for (const row of loaded.lineRows) {
    const priced = byLineNo.get(row.line_no)
    if (priced) lines.push({ id: row.id, amountCents: priced.amountCents, taxable: priced.taxable ? 1 : 0 })
    else if (row.amount_cents !== null) lines.push({ id: row.id, amountCents: null, taxable: row.taxable })
  }
  const verdict = { findings: result.findings, ...result.totals }

  const { job } = loaded
  const current = job.current_submission_id ?? submissionId
  let status = job.status as JobStatus
  const changes: StatusChange[] = []
  let pricing: Parameters<typeof writeJobPricingIn>[2] | undefined
  // An older submission arriving late is priced and checked, but does not move the job.
  if (current === submissionId) {
    pricing = {
      totalCents: result.totals.total,
      at,
      currentSubmissionId: job.current_submission_id === null ? submissionId : undefined,
    }
    const step = { jobId: job.id, actor: options.actor, reason: options.reason, at }
    // The ingest normally leaves the job `submitted`; a job still scheduled or sent back gets there first.
    if ((status === 'scheduled' || status === 'sent-back') && options.afterIngest) {
      changes.push({ ...step, from: status, to: 'submitted' })
      status = 'submitted'
    }
    if (result.verdict !== status && canTransition(status, result.verdict)) {
      changes.push({ ...step, from: status, to: result.verdict, findings: result.findings.map((f) => f.code) })
      status = result.verdict
    }
  }
  const evaluation: Evaluation = { status, findings: result.findings, changed: changes.length > 0, result }
  return { lines, verdict, pricing, changes, evaluation }
}
