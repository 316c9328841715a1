import { describe, expect, it } from 'vitest'
import { sectionOf, shownIssues } from '../../../src-renderer/techform/shown-issues'

const ISSUES = [
  'Say what was done: a task, a note, labor or a part',
  'Labor line 1: enter the hours, like 1.5',
  'Part 1: enter the quantity',
]

describe('red reasons on the phone appear only once they are fair', () => {
  it('none before the technician has done anything', () => {
    expect(shownIssues(ISSUES, new Set(), false)).toEqual([])
  })

  it("a section's reasons once the technician has left that section", () => {
    expect(shownIssues(ISSUES, new Set(['Labor']), false)).toEqual(['Labor line 1: enter the hours, like 1.5'])
    expect(sectionOf('Part 2: describe the part')).toBe('Parts')
    expect(sectionOf("Signature: type the signer's name")).toBe('Customer signature')
  })

  it('all of them once Send is pressed', () => {
    expect(shownIssues(ISSUES, new Set(), true)).toEqual(ISSUES)
  })
})
