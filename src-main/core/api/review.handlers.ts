import type { Office } from '../office'
import { createJobFromCloseout, matchToJob, reprocessJob } from '../jobs/review-ways-out'
import type { PrefixHandlers } from './handler-types'

/** The review.* methods (contract: src-shared/api/review.ts). */
export function reviewHandlers(office: Office): PrefixHandlers<'review'> {
  return {
    'review.matchToJob': (input) => matchToJob(office, input),
    'review.createJob': (input) => createJobFromCloseout(office, input),
    'review.reprocess': (input) => reprocessJob(office, input.jobId),
  }
}
