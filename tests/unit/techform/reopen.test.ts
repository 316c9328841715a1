import { describe, expect, it } from 'vitest'
import { CloseoutSchema } from '../../../src-shared/schemas/closeout'
import { draftToCloseout, newDraft } from '../../../src-renderer/techform/draft'
import { draftFromSentBack, flaggedSections } from '../../../src-renderer/techform/reopen'
import { job, routineDraft } from './fixtures'

const SAM = { id: 'T-07', name: 'Sam Ortiz' }
const SENT = '5d1c0e8a-5f7a-4a57-9d1a-3c2b8f0e9a10'

function sentBack() {
  const sent = draftToCloseout(
    routineDraft({ discount: { percent: '15', reason: 'Neighbour' }, serialNumbers: ['SN-1'] }),
    SAM,
    '2026-11-30T14:03:00-06:00',
  )
  return {
    submissionId: SENT,
    comment: 'Make the discount 10%',
    closeout: CloseoutSchema.parse({ ...sent, submissionId: SENT }),
    findings: [
      { code: 'discount-over-limit', severity: 'approval' as const, message: 'Discount 15% is over the 10% limit' },
    ],
  }
}

describe('a sent-back closeout reopened as a copy', () => {
  it('copies lines, notes, serials, discount and the signer; supersedes the old one under a new id', () => {
    const base = newDraft('J-1057', job(), 'apprentice')
    const copy = draftFromSentBack(base, sentBack())
    expect(copy.submissionId).toBe(base.submissionId)
    expect(copy.submissionId).not.toBe(SENT)
    expect(copy.supersedes).toBe(SENT)
    expect(copy).toMatchObject({
      tasks: 'Replaced pressure switch\nTested furnace',
      labor: [{ role: 'journeyman', hours: '1', overtime: false }],
      parts: [{ sku: 'PRESS-SW', quantity: '1', unitPrice: '42.00' }],
      serialNumbers: ['SN-1'],
      discount: { percent: '15', reason: 'Neighbour' },
      signerName: 'Pat Doe',
    })
  })

  it('lists the photos and the signature to fetch back from the office, in order', () => {
    const copy = draftFromSentBack(newDraft('J-1057', job(), 'apprentice'), sentBack())
    expect(copy.photos).toEqual([])
    expect(copy.pendingFiles.map((f) => [f.file, f.category])).toEqual([
      ['photos/photo-1.jpg', 'before'],
      ['photos/photo-2.jpg', 'after'],
      ['signature.png', 'signature'],
    ])
  })

  it('starts blank (still superseding) when the office could not read the old closeout back', () => {
    const copy = draftFromSentBack(newDraft('J-1057', job(), 'apprentice'), { ...sentBack(), closeout: null })
    expect(copy.supersedes).toBe(SENT)
    expect(copy.parts).toEqual([])
  })

  it('puts each finding on the section that owes the fix', () => {
    expect(
      flaggedSections([
        { code: 'discount-over-limit', severity: 'approval', message: 'Discount' },
        { code: 'missing-photos', severity: 'block', message: 'Photos' },
        { code: 'signature-exception', severity: 'approval', message: 'Signature' },
        { code: 'something-new', severity: 'approval', message: 'New' },
        { code: 'missing-photos', severity: 'info', message: 'Ignored' },
      ]),
    ).toEqual({ equipment: ['Discount'], photos: ['Photos'], signature: ['Signature'], work: ['New'] })
  })
})
