import { evaluateRules } from '../../../src-shared/domain/rules'
import { countJobs, getJob, listJobs } from '../jobs/jobs.repo'
import { updateJobAsync } from '../dispatch/dispatch-writes'
import { loadJobForm } from '../dispatch/job-form'
import { createOrAdoptJob } from '../jobs/review-ways-out'
import { jobCloseout } from '../jobs/job-closeout'
import { editLines } from '../jobs/edit-lines'
import { voidJob } from '../jobs/void-job'
import { pricedSubmission } from '../approvals/priced-submission'
import { disputeJob } from '../metrics/dispute'
import type { Office } from '../office'
import { signedIn, type PrefixHandlers } from './handler-types'

/** The jobs.* methods (contract: src-shared/api/jobs.ts). */
export function jobsHandlers(office: Office): PrefixHandlers<'jobs'> {
  return {
    'jobs.list': (input) => listJobs(office, input),
    'jobs.counts': (input) => countJobs(office, input),
    'jobs.get': (input) => getJob(office, input.id),
    'jobs.create': async (input, ctx) => ({ id: await createOrAdoptJob(office, input, signedIn(ctx).id) }),
    'jobs.update': async ({ id, ...fields }, ctx) => {
      await updateJobAsync(office, id, fields, signedIn(ctx).id)
      return loadJobForm(office, id)
    },
    'jobs.form': (input) => loadJobForm(office, input.id),
    'jobs.closeout': (input) => jobCloseout(office, input.jobId, input.submissionId),
    'jobs.editLines': async (input) => {
      const decided = await editLines(office, input)
      const priced = await pricedSubmission(office, decided.submissionId!)
      return {
        ...decided,
        findings: evaluateRules(priced.loaded.input).findings,
        totals: priced.totals,
        lines: priced.lines,
      }
    },
    'jobs.void': (input) => voidJob(office, input),
    'jobs.dispute': (input, ctx) => disputeJob(office, input, signedIn(ctx).id),
  }
}
