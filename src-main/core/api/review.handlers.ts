import type { Office } from '../office'
import { createJobFromCloseout } from '../jobs/review-ways-out'
import { matchToJob, reprocessJob } from '../jobs/review-match'
import { signedIn, type PrefixHandlers } from './handler-types'

/** The review.* methods (contract: src-shared/api/review.ts). */
export function reviewHandlers(office: Office): PrefixHandlers<'review'> {
  return {
    'review.matchToJob': (input, ctx) => matchToJob(office, input, signedIn(ctx).id),
    'review.createJob': (input, ctx) => createJobFromCloseout(office, input, signedIn(ctx).id),
    'review.reprocess': (input, ctx) => reprocessJob(office, input.jobId, signedIn(ctx).id),
  }
}
