/**
 * What each finding code means, in one table: how severe it is, who acts on it, the advice the
 * office shows, and whether it keeps the technician's phone from sending. The rules engine
 * (rules.ts) raises the codes; the office screens and the phone form read this table, so a new
 * code cannot be added without saying all of it (the Record is exhaustive).
 */
export type FindingCode =
  | 'missing-photos'
  | 'missing-serial-number'
  | 'missing-signature'
  | 'unpriced-part'
  | 'unpriced-labor'
  | 'unknown-job'
  | 'unscheduled-job'
  | 'signature-exception'
  | 'discount-over-limit'
  | 'overtime-over-limit'
  | 'labor-over-limit'
  | 'parts-outside-estimate'
  | 'total-over-nte'
  | 'warranty-claim'
  | 'wrong-technician'
  | 'negative-total'
  | 'credit-needs-approval'
  | 'below-estimate'

export type FindingSeverity = 'block' | 'approval'

export interface FindingFacts {
  /** block: the job goes to review until fixed; approval: a supervisor decides. */
  severity: FindingSeverity
  /** Who settles it: the technician (sent back), the office (edits, Dispatch) or a supervisor. */
  actor: 'technician' | 'office' | 'supervisor'
  /** What to do about it, in the office's words. */
  advice: string
  /** Whether it keeps the phone from sending (office-only findings never do). */
  blocksPhone: boolean
  /** On the phone an unticked checklist item already stands for it (its message is not repeated). */
  checklistItem: boolean
  /** A line has no price, so the total is not known yet. */
  unpriced: boolean
  /** The rule's short name on an approval card; null for findings that do not go to approval. */
  rule: string | null
}

const technicianFixes = (advice: string): FindingFacts => ({
  severity: 'block',
  actor: 'technician',
  advice,
  blocksPhone: true,
  checklistItem: true,
  unpriced: false,
  rule: null,
})
const negativeTotal = (): FindingFacts => ({
  severity: 'block',
  actor: 'office',
  advice: 'Edit lines so the total is not below zero, or record the refund as a credit.',
  blocksPhone: true,
  checklistItem: false,
  unpriced: false,
  rule: null,
})
const unpriced = (advice: string): FindingFacts => ({
  severity: 'block',
  actor: 'office',
  advice,
  blocksPhone: true,
  checklistItem: false,
  unpriced: true,
  rule: null,
})
const officeOnly = (advice: string): FindingFacts => ({
  severity: 'block',
  actor: 'office',
  advice,
  blocksPhone: false,
  checklistItem: false,
  unpriced: false,
  rule: null,
})
const approval = (rule: string, advice: string): FindingFacts => ({
  severity: 'approval',
  actor: 'supervisor',
  advice,
  blocksPhone: false,
  checklistItem: false,
  unpriced: false,
  rule,
})

export const FINDINGS: Record<FindingCode, FindingFacts> = {
  'missing-photos': technicianFixes('Send it back so the technician adds the photos, or add them in a new closeout.'),
  'missing-serial-number': technicianFixes('Send it back for the serial number, or confirm it with the customer.'),
  'missing-signature': technicianFixes(
    'Send it back for a signature, or record an exception a supervisor can approve.',
  ),
  'unpriced-part': unpriced('Edit lines: give the part a price or pick it from the price book.'),
  'unpriced-labor': unpriced('Edit lines: give the labor a rate, or add the role in Settings.'),
  'unknown-job': officeOnly('Under Ways forward: match it to the job it belongs to, or create the job from it.'),
  'unscheduled-job': officeOnly('Under Ways forward: create the job (customer and job type) or match it to a job.'),
  'signature-exception': approval('No signature', 'A supervisor approves the reason the customer did not sign.'),
  'discount-over-limit': approval('Discount', 'A supervisor approves the discount, or you edit it down.'),
  'overtime-over-limit': approval('Overtime', 'A supervisor approves the overtime hours.'),
  'labor-over-limit': approval('Labor hours', 'A supervisor approves the labor hours for this job type.'),
  'parts-outside-estimate': approval('Parts vs estimate', 'A supervisor approves parts beyond the estimate.'),
  'total-over-nte': approval('Over NTE', 'The total is above the not-to-exceed: get the customer’s OK, then approve.'),
  'warranty-claim': approval('Warranty', 'A supervisor approves the warranty claim.'),
  // The phone form already refuses another technician's job; on the phone it blocks like any fix.
  'wrong-technician': {
    ...officeOnly('Ask who did the work: send it back, or reassign the job in Dispatch and edit its lines.'),
    blocksPhone: true,
  },
  'negative-total': negativeTotal(),
  'credit-needs-approval': approval('Credit', 'A supervisor approves the credit before it is billed.'),
  'below-estimate': approval('Below estimate', 'A supervisor approves a total below the estimate.'),
}

export const FINDING_CODES = Object.keys(FINDINGS) as FindingCode[]

export const FINDING_SEVERITY = Object.fromEntries(
  FINDING_CODES.map((code) => [code, FINDINGS[code].severity]),
) as Record<FindingCode, FindingSeverity>

/** Stored findings carry a plain string (an older or newer Closeout may have written it). */
export function isFindingCode(code: string): code is FindingCode {
  return Object.hasOwn(FINDINGS, code)
}

/** The facts of a stored finding's code, or null for a code this version does not know. */
export function factsOf(code: string): FindingFacts | null {
  return isFindingCode(code) ? FINDINGS[code] : null
}
