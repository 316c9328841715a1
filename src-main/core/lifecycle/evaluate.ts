import { writeJobPricing } from '../jobs/job-rows.repo'
import { writeLinePricing, writeSubmissionVerdict } from '../jobs/submissions.repo'
import type { Finding } from '../../../src-shared/schemas/bundle'
import type { Closeout } from '../../../src-shared/schemas/closeout'
import { evaluateRules, type RulesResult } from '../../../src-shared/domain/rules'
import { canTransition, type JobStatus } from '../../../src-shared/domain/status'
import type { Office } from '../office'
import { changeJobStatus } from '../lifecycle/job-status'
import { loadSubmission, type LoadedSubmission } from '../lifecycle/rules-context'

export interface Evaluation {
  status: JobStatus
  findings: Finding[]
  /** Whether the job's status changed (the caller writes the receipt after commit). */
  changed: boolean
  result: RulesResult
}

/**
 * Runs the rules on a freshly ingested submission and moves its job out of `submitted`.
 * Synchronous: the inbox calls it inside the ingest transaction, after the submission, its
 * lines and attachments are written and the job is `submitted`. Writes the priced amounts,
 * totals and findings; the inbox writes the receipt after commit.
 */
export function evaluateAfterIngest(office: Office, submissionId: string, closeout?: Closeout): Evaluation {
  return evaluateSubmission(office, submissionId, {
    actor: 'rules',
    reason: 'closeout received',
    afterIngest: true,
    closeout,
  })
}

/**
 * Prices and checks a submission and, when it is its job's current one, moves the job to the
 * rules' verdict. Used after ingest and after an office edit. Call inside a transaction.
 */
export function evaluateSubmission(
  office: Office,
  submissionId: string,
  options: { actor: string; reason: string; at?: string; afterIngest?: boolean; closeout?: Closeout | undefined },
): Evaluation {
  const loaded = loadSubmission(office, submissionId, { ensureLines: true, closeout: options.closeout })
  const result = evaluateRules(loaded.input)
  const at = options.at ?? new Date().toISOString()
  persist(office, loaded, result)

  const { job } = loaded
  const current = job.current_submission_id ?? submissionId
  let status = job.status as JobStatus
  let changed = false
  // An older submission arriving late is priced and checked, but does not move the job.
  if (current === submissionId) {
    writeJobPricing(office, job.id, {
      totalCents: result.totals.total,
      at,
      currentSubmissionId: job.current_submission_id === null ? submissionId : undefined,
    })
    // The ingest normally leaves the job `submitted`; a job still scheduled or sent back gets there first.
    if ((status === 'scheduled' || status === 'sent-back') && options.afterIngest) {
      changeJobStatus(office, {
        jobId: job.id,
        from: status,
        to: 'submitted',
        actor: options.actor,
        reason: options.reason,
        at,
      })
      status = 'submitted'
      changed = true
    }
    if (result.verdict !== status && canTransition(status, result.verdict)) {
      changeJobStatus(office, {
        jobId: job.id,
        from: status,
        to: result.verdict,
        actor: options.actor,
        reason: options.reason,
        findings: result.findings.map((f) => f.code),
        at,
      })
      status = result.verdict
      changed = true
    }
  }
  return { status, findings: result.findings, changed, result }
}

function persist(office: Office, loaded: LoadedSubmission, result: RulesResult): void {
  const byLineNo = new Map(result.lines.map((l) => [l.lineNo, l]))
  for (const row of loaded.lineRows) {
    const priced = byLineNo.get(row.line_no)
    if (priced) writeLinePricing(office, row.id, priced.amountCents, priced.taxable ? 1 : 0)
    else if (row.amount_cents !== null) writeLinePricing(office, row.id, null, row.taxable)
  }
  writeSubmissionVerdict(office, loaded.submission.id, { findings: result.findings, ...result.totals })
}
