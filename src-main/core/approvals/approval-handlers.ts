import type { Handlers } from '../api/handlers'
import { editLines } from '../jobs/edit-lines'
import { voidJob } from '../jobs/void-job'
import type { Office } from '../office'
import { pricedSubmission, listApprovals } from './approvals.repo'
import { listUsers } from './approver-auth'
import { approveJob, sendBackJob } from './decisions'

type ApprovalMethod =
  'approvals.list' | 'approvals.approve' | 'approvals.sendBack' | 'jobs.editLines' | 'jobs.void' | 'users.list'

/** The approval inbox's slice of the office API (handlers.ts spreads it in). */
export function approvalHandlers(office: Office): Pick<Handlers, ApprovalMethod> {
  return {
    'approvals.list': (input) => listApprovals(office, input),
    'approvals.approve': (input) => approveJob(office, input),
    'approvals.sendBack': (input) => sendBackJob(office, input),
    'jobs.editLines': async (input) => {
      const decided = await editLines(office, input)
      const priced = pricedSubmission(office, decided.submissionId!)
      return { ...decided, findings: priced.result.findings, totals: priced.totals, lines: priced.lines }
    },
    'jobs.void': (input) => voidJob(office, input),
    'users.list': () => listUsers(office),
  }
}
