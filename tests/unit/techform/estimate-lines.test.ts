import { describe, expect, it } from 'vitest'
import { addedLaborRole, chooseEstimateLine, technicianLaborRole } from '../../../src-renderer/techform/estimate-lines'
import { parseDraft } from '../../../src-renderer/techform/draft-version'
import { draftToCloseout, newDraft } from '../../../src-renderer/techform/draft'
import { context, job } from './fixtures'

const PART = 0
const LABOR = 1

describe('the labor role a line starts with', () => {
  it("is the technician's own role from the office, when the office still prices it", () => {
    const ctx = context()
    expect(technicianLaborRole(ctx)).toBe('apprentice')
    const journeyman = { ...ctx, technician: { ...ctx.technician, defaultLaborRole: 'journeyman' } }
    expect(technicianLaborRole(journeyman)).toBe('journeyman')
    // A job without an estimated labor line: the technician's role, not the first in the list.
    expect(newDraft('J-2', job({ estimate: [] }), technicianLaborRole(journeyman)).labor[0]?.role).toBe('journeyman')
    const retired = { ...ctx, technician: { ...ctx.technician, defaultLaborRole: 'master' } }
    expect(technicianLaborRole(retired)).toBe('apprentice')
  })

  it("of an added line: the technician's role, else the estimate's, else the first", () => {
    const ctx = context()
    expect(addedLaborRole(ctx, job())).toBe('journeyman')
    expect(addedLaborRole(ctx, job({ estimate: [] }))).toBe('apprentice')
    const own = { ...ctx, technician: { ...ctx.technician, defaultLaborRole: 'apprentice' } }
    expect(addedLaborRole(own, job())).toBe('apprentice')
  })
})

describe("the estimate's one-tap rows", () => {
  const j = job()
  const start = () => newDraft('J-1057', j, 'apprentice')

  it('"as estimated" puts each line on the closeout as priced, the labor into the empty first line', () => {
    let d = chooseEstimateLine(start(), PART, j.estimate[PART]!, 'used')
    d = chooseEstimateLine(d, LABOR, j.estimate[LABOR]!, 'used')
    expect(d.labor).toHaveLength(1)
    const doc = draftToCloseout(d, { id: 'T-07', name: 'Sam Ortiz' }, '2026-11-30T14:00:00-06:00')
    expect(doc.labor).toEqual([{ role: 'journeyman', hours: '1', billable: true, overtime: false }])
    expect(doc.parts).toEqual([{ sku: 'PRESS-SW', description: 'Pressure switch', quantity: '1', unitPrice: '42.00' }])
  })

  it('"not used" takes back what the row added, and switching back adds it once', () => {
    let d = chooseEstimateLine(start(), PART, j.estimate[PART]!, 'used')
    d = chooseEstimateLine(d, PART, j.estimate[PART]!, 'not-used')
    expect(d.parts).toEqual([])
    d = chooseEstimateLine(d, PART, j.estimate[PART]!, 'changed')
    d = chooseEstimateLine(d, PART, j.estimate[PART]!, 'used')
    expect(d.parts).toHaveLength(1)
    expect(d.estimateUse).toEqual([{ line: PART, choice: 'used', lineId: d.parts[0]?.id }])
  })

  it('survive a reload of the draft', () => {
    const d = chooseEstimateLine(start(), PART, j.estimate[PART]!, 'not-used')
    expect(parseDraft(JSON.parse(JSON.stringify(d)))?.estimateUse).toEqual([
      { line: PART, choice: 'not-used', lineId: null },
    ])
    const { estimateUse: _gone, ...older } = d
    expect(parseDraft({ ...older, version: 2 })?.estimateUse).toEqual([])
  })
})
