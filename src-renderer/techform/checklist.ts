import type { TechJob, TechJobsAnswer, TechRequirements } from '../../src-shared/api/lan'
import { factsOf } from '../../src-shared/domain/findings'
import { evaluateRules } from '../../src-shared/domain/rules'
import type { Finding } from '../../src-shared/schemas/bundle'
import { draftToCloseout, fieldProblems, type Draft } from './draft'

export interface ChecklistItem {
  label: string
  done: boolean
}

export interface Checklist {
  /** What this job type asks for, ticked off as the technician goes. */
  items: ChecklistItem[]
  /** Why "Send" is disabled, in the rules' own words (plus fields the phone cannot read). */
  blocking: string[]
  /** The blocking reasons an unticked checklist item does not already show. */
  issues: string[]
  /** What will go to a supervisor ("Discount 15% is over the 10% limit"): allowed, just said. */
  approvals: string[]
  /** Things the office settles that the technician cannot (an unscheduled job's customer). */
  notes: string[]
  canSend: boolean
  totalCents: number | null
}

/** Findings only the office can resolve never keep a technician from sending (src-shared/domain/findings.ts). */
const blocksPhone = (f: Finding) => f.severity === 'block' && (factsOf(f.code)?.blocksPhone ?? true)
const officeOnly = (f: Finding) => f.severity === 'block' && factsOf(f.code)?.blocksPhone === false

const CATEGORY_LABEL: Record<string, string> = {
  before: 'before',
  after: 'after',
  'serial-plate': 'serial-plate',
  other: 'other',
}

function requirementItems(req: TechRequirements, draft: Draft): ChecklistItem[] {
  const items: ChecklistItem[] = []
  for (const [category, n = 0] of Object.entries(req.photos)) {
    if (n <= 0) continue
    const have = draft.photos.filter((p) => p.category === category).length
    items.push({
      label: `${n} ${CATEGORY_LABEL[category] ?? category} photo${n === 1 ? '' : 's'}${have > 0 && have < n ? ` (${have} so far)` : ''}`,
      done: have >= n,
    })
  }
  if (req.serialNumber) items.push({ label: 'Serial number', done: draft.serialNumbers.some((s) => s.trim()) })
  if (req.signature) {
    items.push({
      label: 'Customer signature (or a reason)',
      done: draft.signature !== null || Boolean(draft.noSignatureReason?.trim()),
    })
  }
  return items
}

/**
 * Runs the office's rules engine (src-shared/domain/rules.ts) on the draft as it stands, so the
 * phone says "ready" exactly when the office would not send the job back to review for
 * something the technician could have fixed on site.
 */
export function buildChecklist(draft: Draft, job: TechJob | null, context: TechJobsAnswer): Checklist {
  const jobTypeId = job?.jobTypeId ?? draft.newJob?.jobType ?? null
  const jobType = context.rules.jobTypes.find((t) => t.id === jobTypeId) ?? null
  const requirements: TechRequirements = job?.requirements ??
    context.jobTypes.find((t) => t.id === jobTypeId)?.requirements ?? {
      photos: {},
      serialNumber: false,
      signature: false,
    }
  const problems = fieldProblems(draft)
  const result = evaluateRules({
    closeout: draftToCloseout(draft, context.technician, draft.updatedAt),
    job: job?.rules.job ?? null,
    jobType,
    customer: job?.rules.customer ?? null,
    priceBook: context.rules.priceBook,
    laborRates: context.rules.laborRates,
    taxRateMilli: job?.rules.taxRateMilli ?? null,
    policy: context.rules.policy,
  })
  const blockFindings = result.findings.filter(blocksPhone)
  const blocking = [...problems, ...blockFindings.map((f) => f.message)]
  if (draft.labor.length === 0 && draft.parts.length === 0 && !draft.tasks.trim() && !draft.notes.trim()) {
    blocking.unshift('Say what was done: a task, a note, labor or a part')
  }
  const items = requirementItems(requirements, draft)
  // Findings an unticked checklist item already stands for are not said twice.
  const shownByItems = items.some((i) => !i.done)
  const hidden = new Set(
    blockFindings.filter((f) => shownByItems && factsOf(f.code)?.checklistItem).map((f) => f.message),
  )
  return {
    items,
    blocking,
    issues: blocking.filter((m) => !hidden.has(m)),
    approvals: result.findings.filter((f) => f.severity === 'approval').map((f) => f.message),
    notes: result.findings.filter(officeOnly).map((f) => f.message),
    canSend: blocking.length === 0,
    totalCents: result.findings.some((f) => factsOf(f.code)?.unpriced) ? null : result.totals.total,
  }
}
