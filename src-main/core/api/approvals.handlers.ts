import { listApprovals } from '../approvals/approvals.repo'
import { approveMany } from '../approvals/approve-many'
import { approveJob, sendBackJob } from '../approvals/decisions'
import type { Office } from '../office'
import type { PrefixHandlers } from './handler-types'

/** The approvals.* methods (contract: src-shared/api/approvals.ts). */
export function approvalsHandlers(office: Office): PrefixHandlers<'approvals'> {
  return {
    'approvals.list': (input) => listApprovals(office, input),
    'approvals.approve': (input) => approveJob(office, input),
    'approvals.approveMany': (input) => approveMany(office, input),
    'approvals.sendBack': (input) => sendBackJob(office, input),
  }
}
