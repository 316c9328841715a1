import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sendBackJob } from '../../../src-main/core/approvals/decisions'
import { scanInbox } from '../../../src-main/core/inbox/inbox-scan'
import type { TechJobsAnswer } from '../../../src-shared/api/lan'
import { closeoutDoc, defaultFiles, postCloseout, signIn, startHarness, type Harness } from './lan-harness'

/** Lee Park, the demo's supervisor, sends J-1057 back over its 15% discount. */
const LEE = { userId: 'U-2', pin: '1357' }

let h: Harness
let cookie: string
let sentId: string
beforeEach(async () => {
  h = await startHarness()
  cookie = await signIn(h)
  const doc = closeoutDoc({
    job: { id: 'J-1057' },
    labor: [{ role: 'journeyman', hours: '1', billable: true, overtime: false }],
    parts: [{ sku: 'PRESS-SW', description: 'Pressure switch', quantity: 1 }],
    discount: { percent: '15', reason: 'Neighbour of the owner' },
  })
  sentId = String(doc.submissionId)
  expect((await postCloseout(h, cookie, doc, defaultFiles())).status).toBe(201)
  await scanInbox(h.office, {})
  await sendBackJob(h.office, { jobId: 'J-1057', ...LEE, comment: 'A 15% discount needs the owner: make it 10%' })
})
afterEach(async () => {
  await h.close()
})

const attachment = (id: string, file: string, who = cookie) =>
  fetch(`${h.base}/api/submissions/${id}/attachment?file=${encodeURIComponent(file)}`, { headers: { cookie: who } })

describe('a sent-back closeout, for the phone to reopen as a copy', () => {
  it('comes with the job: the stored closeout, the comment and the finding that caused it', async () => {
    const res = await fetch(`${h.base}/api/jobs`, { headers: { cookie } })
    const { jobs } = (await res.json()) as TechJobsAnswer
    const job = jobs.find((j) => j.id === 'J-1057')
    expect(job?.status).toBe('sent-back')
    expect(job?.sentBack).toMatchObject({
      submissionId: sentId,
      comment: 'A 15% discount needs the owner: make it 10%',
      closeout: {
        submissionId: sentId,
        labor: [{ role: 'journeyman', hours: '1' }],
        parts: [{ sku: 'PRESS-SW' }],
        discount: { percent: '15', reason: 'Neighbour of the owner' },
        attachments: [{ file: 'photos/before-1.jpg' }, { file: 'photos/after-1.jpg' }],
        signature: { file: 'signature.png', signerName: 'Pat Doe' },
      },
    })
    expect(job?.sentBack?.findings.map((f) => f.code)).toContain('discount-over-limit')
  })

  it('serves its photos and signature back to the technician who sent it, byte for byte', async () => {
    const files = defaultFiles()
    for (const name of ['photos/before-1.jpg', 'photos/after-1.jpg', 'signature.png']) {
      const res = await attachment(sentId, name)
      expect(res.status, name).toBe(200)
      expect(res.headers.get('content-type')).toMatch(name.endsWith('.png') ? /^image\/png/ : /^image\/jpeg/)
      expect(Buffer.from(await res.arrayBuffer()).equals(files[name] as Buffer), name).toBe(true)
    }
  })

  it('answers 404 to another technician, a file not on it, and without a session 401', async () => {
    const priya = await signIn(h, 'T-08', '5678')
    const other = await attachment(sentId, 'photos/before-1.jpg', priya)
    expect(other.status).toBe(404)
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('not-found')
    expect((await attachment(sentId, 'photos/before-9.jpg')).status).toBe(404)
    expect((await attachment('2b8f0e9a-5f7a-4a57-9d1a-3c2b8f0e9a10', 'signature.png')).status).toBe(404)
    expect((await attachment(sentId, 'signature.png', '')).status).toBe(401)
  })

  it('refuses a path outside the bundle with the field and the reason', async () => {
    const res = await attachment(sentId, '../closeout.json')
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { code: string; details: { path: string }[] } }
    expect(body.error.code).toBe('invalid-input')
    expect(body.error.details[0]?.path).toBe('file')
  })
})
