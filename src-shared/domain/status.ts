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

/** What the office can do to a job; the screens offer an action only where its status allows it. */
export type JobAction = 'approve' | 'send-back' | 'edit-lines' | 'edit-job' | 'write-packet' | 'void'

/** Per action: the statuses that allow it, and whether it needs a closeout to act on. */
export const JOB_ACTIONS: Record<JobAction, { statuses: readonly JobStatus[]; needsCloseout: boolean }> = {
  approve: { statuses: ['needs-approval'], needsCloseout: false },
  'send-back': { statuses: ['needs-approval', 'needs-review'], needsCloseout: true },
  'edit-lines': { statuses: ['needs-review', 'needs-approval', 'invoice-ready'], needsCloseout: true },
  /** Dispatch fields change freely only before a closeout counts (scheduled) or after it went back. */
  'edit-job': { statuses: ['scheduled', 'sent-back'], needsCloseout: false },
  'write-packet': { statuses: ['invoice-ready', 'invoiced', 'approved'], needsCloseout: true },
  void: { statuses: JOB_STATUSES.filter((s) => s !== 'void'), needsCloseout: false },
}

/** Whether a job in `status` (with or without a closeout) allows `action`. */
export function allowsAction(status: JobStatus, action: JobAction, hasCloseout = true): boolean {
  const rule = JOB_ACTIONS[action]
  return rule.statuses.includes(status) && (hasCloseout || !rule.needsCloseout)
}
