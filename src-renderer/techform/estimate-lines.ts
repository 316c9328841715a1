import type { TechEstimateLine, TechJob, TechJobsAnswer } from '../../src-shared/api/lan'
import type { Draft, EstimateUse } from './draft'
import { uuidV4 } from './uuid'

/**
 * The technician's own labor role (the office's Settings, setup file v1.1 `defaultLaborRole`)
 * when the office still prices it; otherwise the first role. A job's first labor line starts
 * from the estimate's role instead (draft.ts newDraft): the office priced that job that way.
 */
export function technicianLaborRole(context: TechJobsAnswer): string {
  const own = context.technician.defaultLaborRole
  if (own && context.laborRoles.some((r) => r.role === own)) return own
  return context.laborRoles[0]?.role ?? 'technician'
}

/** A labor line the technician adds: their own role, else the estimate's, else the first. */
export function addedLaborRole(context: TechJobsAnswer, job: TechJob | null): string {
  const own = context.technician.defaultLaborRole
  if (own && context.laborRoles.some((r) => r.role === own)) return own
  return job?.estimate.find((e) => e.kind === 'labor' && e.role)?.role ?? technicianLaborRole(context)
}

export type EstimateChoice = EstimateUse['choice']

/** What the technician said about estimate line `index`, if anything yet. */
export const choiceFor = (draft: Draft, index: number): EstimateUse | undefined =>
  draft.estimateUse.find((u) => u.line === index)

/**
 * One tap on an estimate row. "As estimated" and "Change" put the line on the closeout (a labor
 * line fills the empty first labor line rather than adding a second); "Change" then lets the
 * technician edit it where it landed. "Not used" takes back what the row had added. Tapping
 * another choice replaces the earlier one, so a slip is one tap to undo.
 */
export function chooseEstimateLine(draft: Draft, index: number, line: TechEstimateLine, choice: EstimateChoice): Draft {
  const before = choiceFor(draft, index)
  let d: Draft = { ...draft, estimateUse: draft.estimateUse.filter((u) => u.line !== index) }
  if (choice === 'not-used') {
    if (before?.lineId) d = removeLine(d, before.lineId)
    return { ...d, estimateUse: [...d.estimateUse, { line: index, choice, lineId: null }] }
  }
  // Already on the closeout from this row: only the label changes.
  if (before?.lineId && hasLine(d, before.lineId))
    return { ...d, estimateUse: [...d.estimateUse, { line: index, choice, lineId: before.lineId }] }
  let lineId: string
  if (line.kind === 'labor') {
    const blank = d.labor.find((l) => !l.hours.trim() && !d.estimateUse.some((u) => u.lineId === l.id))
    lineId = blank?.id ?? uuidV4()
    const entry = { id: lineId, role: line.role ?? blank?.role ?? '', hours: line.quantity, overtime: false }
    d = { ...d, labor: blank ? d.labor.map((l) => (l.id === blank.id ? entry : l)) : [...d.labor, entry] }
  } else {
    lineId = uuidV4()
    d = {
      ...d,
      parts: [
        ...d.parts,
        {
          id: lineId,
          sku: line.sku,
          description: line.description,
          quantity: line.quantity,
          unitPrice: line.unitPrice ?? '',
        },
      ],
    }
  }
  return { ...d, estimateUse: [...d.estimateUse, { line: index, choice, lineId }] }
}

const hasLine = (d: Draft, id: string) => d.labor.some((l) => l.id === id) || d.parts.some((p) => p.id === id)

const removeLine = (d: Draft, id: string): Draft => ({
  ...d,
  labor: d.labor.filter((l) => l.id !== id),
  parts: d.parts.filter((p) => p.id !== id),
})

/** Estimate rows still waiting for an answer: the checklist names them, they never block Send. */
export const unansweredEstimateLines = (draft: Draft, job: TechJob | null): number =>
  (job?.estimate ?? []).filter((_, i) => choiceFor(draft, i) === undefined).length
