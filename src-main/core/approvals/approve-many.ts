import type { ApproveManyOutput } from '../../../src-shared/api/approvals'
import type { EngineDb } from '../db/engine-db'
import { CloseoutError } from '../errors'
import type { Office } from '../office'
import { authenticateUser, requireApprover } from './approver-auth'
import { approveAs, finishDecision, type Decided } from './decisions'

type ApproveManyInput = { jobIds: string[]; userId: string; pin: string; comment?: string | undefined }

/**
 * Approves several jobs with one PIN: the PIN and the approver's role are checked once (a wrong
 * PIN approves nothing), then each job is decided on its own, with its own event and receipt, so
 * one job that cannot be approved does not hold back the others.
 */
export function approveMany(office: Office, input: ApproveManyInput, now = new Date()): Promise<ApproveManyOutput> {
  return recordApprovals(office, input, now, (d) => finishDecision(office, d.result, d.statusChanged))
}

/**
 * approveMany on either engine (issue #17): each job's decision is its own transaction;
 * `afterEach` (the Office's receipts and events) runs after each one commits.
 */
export async function recordApprovals(
  edb: EngineDb,
  input: ApproveManyInput,
  now = new Date(),
  afterEach: (decided: Decided) => unknown = () => undefined,
): Promise<ApproveManyOutput> {
  const user = await authenticateUser(edb, input.userId, input.pin, now)
  await requireApprover(edb, user)
  const results: ApproveManyOutput['results'] = []
  for (const jobId of input.jobIds) {
    try {
      const decided = await approveAs(edb, user, jobId, input.comment, now)
      await afterEach(decided)
      const r = decided.result
      results.push({ jobId, ok: true, status: r.status, level: r.level ?? 1, levelsRequired: r.levelsRequired ?? 1 })
    } catch (e) {
      if (!(e instanceof CloseoutError)) throw e
      results.push({ jobId, ok: false, error: { code: e.code, message: e.message } })
    }
  }
  return { results }
}
