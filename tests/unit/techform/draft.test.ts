import { describe, expect, it } from 'vitest'
import { CloseoutSchema } from '../../../src-shared/schemas/closeout'
import { draftToCloseout, fieldProblems, newDraft } from '../../../src-renderer/techform/draft'
import { parseDraft } from '../../../src-renderer/techform/draft-version'
import { job, routineDraft } from './fixtures'

const SAM = { id: 'T-07', name: 'Sam Ortiz' }

describe('draft -> closeout/v1', () => {
  it('makes a document the office accepts, with trimmed tasks and server-style file names', () => {
    const doc = draftToCloseout(routineDraft(), SAM, '2026-11-30T14:03:00-06:00')
    expect(CloseoutSchema.safeParse(doc).success).toBe(true)
    expect(doc.workPerformed.tasks).toEqual(['Replaced pressure switch', 'Tested furnace'])
    expect(doc.attachments.map((a) => a.file)).toEqual(['photos/photo-1.jpg', 'photos/photo-2.jpg'])
    expect(doc.signature).toMatchObject({ file: 'signature.png', signerName: 'Pat Doe' })
    expect(doc.labor).toEqual([{ role: 'journeyman', hours: '1', billable: true, overtime: false }])
  })

  it('leaves out half-typed lines and says why on the form', () => {
    const d = routineDraft({ labor: [{ id: 'x', role: 'journeyman', hours: '1,5x', overtime: false }] })
    expect(draftToCloseout(d, SAM, '2026-11-30T14:03:00-06:00').labor).toEqual([])
    expect(fieldProblems(d)).toEqual(['Labor line 1: enter the hours, like 1.5'])
  })

  it('a new draft starts from the estimate: its labor role, not the first role in the list', () => {
    expect(newDraft('J-1057', job(), 'apprentice').labor[0]?.role).toBe('journeyman')
    expect(newDraft('J-1057', job({ estimate: [] }), 'apprentice').labor[0]?.role).toBe('apprentice')
  })
})

describe('drafts saved by an older release', () => {
  it('a version-1 draft (no version, no pendingFiles, hours as numbers) opens with defaults', () => {
    const { version: _v, pendingFiles: _p, ...v1 } = routineDraft()
    const old = { ...v1, labor: [{ id: 'l1', role: 'journeyman', hours: 1.5, overtime: false }] }
    const d = parseDraft(JSON.parse(JSON.stringify(old)))
    expect(d).not.toBeNull()
    expect(d?.version).toBe(4)
    expect(d?.pendingFiles).toEqual([])
    expect(d?.labor[0]?.hours).toBe('1.5')
    expect(d?.photos).toHaveLength(2)
    expect(draftToCloseout(d!, SAM, '2026-11-30T14:03:00-06:00').labor[0]?.hours).toBe('1.5')
  })

  it('a draft missing fields, or holding wrong types, still opens; a photo without its picture is dropped', () => {
    const d = parseDraft({
      key: 'J-1057',
      submissionId: '0b0f3c1e-5f7a-4a57-9d1a-3c2b8f0e9a10',
      jobId: 'J-1057',
      tasks: 42,
      parts: [{ description: 'Switch', quantity: 2 }, 'junk'],
      photos: [{ category: 'before' }, { blobKey: 'blob:x', category: 'sideways' }],
      futureField: { anything: true },
    })
    expect(d).toMatchObject({ tasks: '', labor: [], serialNumbers: [], signature: null, discount: null })
    expect(d?.parts).toMatchObject([{ sku: null, description: 'Switch', quantity: '2', unitPrice: '' }])
    expect(d?.photos).toMatchObject([{ blobKey: 'blob:x', category: 'other' }])
  })

  it('something that is not a draft is refused, not half-read', () => {
    expect(parseDraft(null)).toBeNull()
    expect(parseDraft({ key: 'J-1' })).toBeNull()
    expect(parseDraft('draft')).toBeNull()
  })
})
