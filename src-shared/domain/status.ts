/** Job status names, exactly as in spec/shared-folder-v1.md section 6. */
export const JOB_STATUSES = [
  'scheduled',
  'submitted',
  'needs-review',
  'needs-approval',
  'approved',
  'sent-back',
  'invoice-ready',
  'invoiced',
  'void',
] as const

export type JobStatus = (typeof JOB_STATUSES)[number]

/**
 * Allowed transitions. Anything not listed is refused with `invalid-transition`.
 * - submitted: the rules decide (review, approval or ready).
 * - needs-review: the office fixes it (edit, rules run again) or sends it back.
 * - needs-approval: approved (possibly waiting for a second approver), or sent back; an office
 *   edit while waiting re-runs the rules and may move it to needs-review.
 * - sent-back: a new submission with `supersedes` starts again at submitted.
 * - invoiced -> invoice-ready only when its export batch is voided.
 * - any status but void -> void (with a reason).
 */
const TRANSITIONS: Record<JobStatus, readonly JobStatus[]> = {
  scheduled: ['submitted', 'void'],
  submitted: ['needs-review', 'needs-approval', 'invoice-ready', 'void'],
  'needs-review': ['needs-review', 'needs-approval', 'invoice-ready', 'sent-back', 'submitted', 'void'],
  'needs-approval': ['approved', 'sent-back', 'needs-review', 'needs-approval', 'invoice-ready', 'void'],
  approved: ['invoice-ready', 'void'],
  'sent-back': ['submitted', 'void'],
  'invoice-ready': ['invoiced', 'needs-review', 'needs-approval', 'void'],
  invoiced: ['invoice-ready', 'void'],
  void: [],
}

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return TRANSITIONS[from].includes(to)
}

export function allowedTransitions(from: JobStatus): readonly JobStatus[] {
  return TRANSITIONS[from]
}

export class TransitionError extends Error {
  readonly code = 'invalid-transition'
  constructor(
    readonly from: JobStatus,
    readonly to: JobStatus,
  ) {
    super(`A job that is ${from} cannot become ${to}`)
    this.name = 'TransitionError'
  }
}

/** Returns `to` or throws TransitionError. */
export function transition(from: JobStatus, to: JobStatus): JobStatus {
  if (!canTransition(from, to)) throw new TransitionError(from, to)
  return to
}

export function isJobStatus(value: string): value is JobStatus {
  return (JOB_STATUSES as readonly string[]).includes(value)
}
