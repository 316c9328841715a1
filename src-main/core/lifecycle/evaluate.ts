import type { Kysely } from 'kysely'
import { writeJobPricingIn } from '../jobs/job-rows.repo'
import { insertSubmissionLinesIn, writeLinesPricingIn, writeSubmissionVerdictsIn } from '../jobs/submissions.repo'
import { CloseoutError } from '../errors'
import type { Finding } from '../../../src-shared/schemas/bundle'
import type { Closeout } from '../../../src-shared/schemas/closeout'
import { evaluateRules, type RulesResult } from '../../../src-shared/domain/rules'
import { canTransition, type JobStatus } from '../../../src-shared/domain/status'
import type { EngineDb } from '../db/engine-db'
import type { Database } from '../db/schema'
import { changeJobStatusIn, writeLoggedStatusIn, type StatusChange } from '../lifecycle/job-status'
import type { LoadedSubmission, RulesShared } from '../lifecycle/rules-context'
import type { NewEvent } from './event-log'
import { loadSubmissionsAsync, type ContextReads } from './load-submissions'
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
  const [evaluation] = await evaluateSubmissionsIn(edb, trx, [{ submissionId, closeout: options.closeout }], options)
  return evaluation!
}

/** One of the submissions evaluateSubmissionsIn evaluates. */
export interface ToEvaluate {
  submissionId: string
  /** Its document, when the caller has it parsed (the ingest's, just stored). */
  closeout?: Closeout | undefined
  /** Where its status changes' events go (else `options.log`, else appended at once). */
  log?: NewEvent[]
  /**
   * The job's move to `submitted` as the ingest made it: logged (logStatusChange), its row not
   * written yet. The rules see the job as moved, and the row is written with their own change.
   */
  submitted?: StatusChange
}

/**
 * evaluateSubmissionIn for several submissions of DIFFERENT jobs in one transaction (the ingest's
 * group): their contexts read with a few statements for all, their lines' prices written in one;
 * each one's verdict, job total and status changes as evaluateSubmissionIn writes them, in order.
 */
export async function evaluateSubmissionsIn(
  edb: EngineDb,
  trx: Kysely<Database>,
  items: readonly ToEvaluate[],
  options: EvaluateOptions & InTransactionOptions,
): Promise<Evaluation[]> {
  const inTrx: EngineDb = { ...edb, db: trx }
  const known = new Map(items.flatMap((i) => (i.closeout ? [[i.submissionId, i.closeout] as const] : [])))
  const submitted = new Map(items.flatMap((i) => (i.submitted ? [[i.submissionId, i.submitted] as const] : [])))
  const load = async (ids: readonly string[]) => {
    const loaded = new Map(
      (await loadSubmissionsAsync(inTrx, ids, options.shared, known, options.reads)).map((l) => [l.submission.id, l]),
    )
    return ids.map((id) => {
      const one = loaded.get(id)
      if (!one) throw new CloseoutError('not-found', `No submission ${id} (or its job is missing)`)
      const moved = submitted.get(id)
      if (!moved) return one
      const job = { ...one.job, status: moved.to, updated_at: moved.at }
      return { ...one, job: { ...job, current_submission_id: moved.currentSubmissionId ?? job.current_submission_id } }
    })
  }
  const loaded = await load(items.map((i) => i.submissionId))
  // The document's lines, when nothing wrote them (as loadSubmission's ensureLines).
  const bare = loaded.flatMap((l) => {
    const rows = l.lineRows.length === 0 ? documentLineRows(l.submission.id, l.closeout) : []
    return rows.length ? [{ id: l.submission.id, rows }] : []
  })
  if (bare.length > 0) {
    await insertSubmissionLinesIn(
      trx,
      bare.flatMap((b) => b.rows),
    )
    const reloaded = new Map((await load(bare.map((b) => b.id))).map((l) => [l.submission.id, l]))
    loaded.forEach((l, i) => (loaded[i] = reloaded.get(l.submission.id) ?? l))
  }
  const plans = loaded.map((l) => verdictPlan(l, l.submission.id, options))
  const logOf = (i: number) => items[i]!.log ?? options.log
  await writeLinesPricingIn(
    trx,
    plans.flatMap((p) => p.lines),
  )
  await writeSubmissionVerdictsIn(
    trx,
    plans.map((plan, i) => ({ id: items[i]!.submissionId, verdict: plan.verdict })),
  )
  for (const [i, plan] of plans.entries()) {
    const [first, ...rest] = plan.changes
    const { pricing } = plan
    const moved = items[i]!.submitted
    if (moved) {
      // The move to `submitted`, the job's total and the rules' first change: one UPDATE.
      const at = first?.at ?? pricing?.at ?? moved.at
      const fields = { at, totalCents: pricing?.totalCents, currentSubmissionId: pricing?.currentSubmissionId }
      await writeLoggedStatusIn(trx, moved, first, fields, logOf(i))
    } else if (pricing && first) {
      // The job's total written with its first status change: one statement, the same row.
      const currentSubmissionId = pricing.currentSubmissionId ?? first.currentSubmissionId
      await changeJobStatusIn(trx, { ...first, totalCents: pricing.totalCents, currentSubmissionId }, logOf(i))
    } else {
      if (pricing) await writeJobPricingIn(trx, loaded[i]!.job.id, pricing)
      if (first) await changeJobStatusIn(trx, first, logOf(i))
    }
    for (const change of rest) await changeJobStatusIn(trx, change, logOf(i))
  }
  return plans.map((p) => p.evaluation)
}

/** What a caller evaluating many submissions in one transaction (the ingest's group) hands in. */
interface InTransactionOptions {
  /** What every evaluation shares, read once for the transaction (load-submissions.ts loadRulesSharedAsync). */
  shared?: RulesShared
  /** Where the status changes' events go, for the caller to append in order (changeJobStatusIn). */
  log?: NewEvent[]
  /** Job types, customers, estimates and prices kept across evaluations in the transaction. */
  reads?: ContextReads
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
