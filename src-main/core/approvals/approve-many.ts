import type { ApproveManyOutput } from '../../../src-shared/api/approvals'
import { CloseoutError } from '../errors'
import type { Office } from '../office'
import { authenticateUser, requireApprover } from './approver-auth'
import { approveAs } from './decisions'

/**
 * Approves several jobs with one PIN: the PIN and the approver's role are checked once (a wrong
 * PIN approves nothing), then each job is decided on its own, with its own event and receipt, so
 * one job that cannot be approved does not hold back the others.
 */
export async function approveMany(
  office: Office,
  input: { jobIds: string[]; userId: string; pin: string; comment?: string | undefined },
  now = new Date(),
): Promise<ApproveManyOutput> {
  const user = await authenticateUser(office, input.userId, input.pin, now)
  requireApprover(office, user)
  const results = input.jobIds.map((jobId): ApproveManyOutput['results'][number] => {
    try {
      const r = approveAs(office, user, jobId, input.comment, now)
      return { jobId, ok: true, status: r.status, level: r.level ?? 1, levelsRequired: r.levelsRequired ?? 1 }
    } catch (e) {
      if (!(e instanceof CloseoutError)) throw e
      return { jobId, ok: false, error: { code: e.code, message: e.message } }
    }
  })
  return { results }
}
