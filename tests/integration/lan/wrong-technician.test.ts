import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ReceiptSchema } from '../../../src-shared/schemas/bundle'
import { scanInbox } from '../../../src-main/core/inbox/inbox-scan'
import { buildBundle, deliverBundle } from '../inbox/bundle-builder'
import { closeoutDoc, defaultFiles, postCloseout, signIn, startHarness, type Harness } from './lan-harness'

let h: Harness
beforeEach(async () => {
  h = await startHarness()
})
afterEach(async () => {
  await h.close()
})

/** J-1045 is Sam Ortiz's (T-07) maintenance visit in the demo office; Priya Natarajan is T-08. */
const SAMS_JOB = 'J-1045'
const priyasDoc = (jobId: string) => closeoutDoc({ job: { id: jobId }, technician: { id: 'T-08', name: 'Priya' } })

const receipt = (id: string) =>
  ReceiptSchema.parse(JSON.parse(readFileSync(join(h.sharedDir, 'receipts', `${id}.json`), 'utf8')))
const jobRow = (id: string) =>
  h.office.sqlite.prepare('SELECT status, current_submission_id FROM jobs WHERE id = ?').get(id) as {
    status: string
    current_submission_id: string | null
  }
const inboxFolders = () => readdirSync(join(h.sharedDir, 'inbox')).filter((n) => !n.startsWith('.'))

describe('a technician closing out another technician’s job', () => {
  it('is refused 403 wrong-technician on the LAN, and nothing reaches the inbox', async () => {
    const priya = await signIn(h, 'T-08', '5678')
    const res = await postCloseout(h, priya, priyasDoc(SAMS_JOB), defaultFiles())
    expect(res.status).toBe(403)
    const body = (await res.json()) as { error: { code: string; message: string; details: { path: string }[] } }
    expect(body.error.code).toBe('wrong-technician')
    expect(body.error.message).toMatch(/J-1045 is assigned to another technician/)
    expect(body.error.details[0]?.path).toBe('job.id')
    expect(existsSync(join(h.sharedDir, 'inbox')) ? inboxFolders() : []).toEqual([])
  })

  it('still lets a technician send an unscheduled job and an id the office does not know', async () => {
    const priya = await signIn(h, 'T-08', '5678')
    const unknown = await postCloseout(h, priya, priyasDoc('J-9999'), defaultFiles())
    expect(unknown.status).toBe(201)
    const fresh = closeoutDoc({
      technician: { id: 'T-08', name: 'Priya' },
      job: { new: { customerName: 'Walk-in', siteAddress: '1 Main St', jobType: 'repair' } },
    })
    expect((await postCloseout(h, priya, fresh, defaultFiles())).status).toBe(201)
    await scanInbox(h.office)
    expect(jobRow('J-9999').status).toBe('needs-review')
  })

  it('lists only the signed-in technician’s own jobs', async () => {
    const priya = await signIn(h, 'T-08', '5678')
    const body = (await (await fetch(`${h.base}/api/jobs`, { headers: { cookie: priya } })).json()) as {
      jobs: { id: string }[]
    }
    const assigned = h.office.sqlite
      .prepare("SELECT id FROM jobs WHERE technician_id = 'T-08' AND status = 'scheduled' ORDER BY id")
      .all() as { id: string }[]
    expect(body.jobs.map((j) => j.id).sort()).toEqual(assigned.map((j) => j.id))
    expect(body.jobs.map((j) => j.id)).not.toContain(SAMS_JOB)
  })

  it('T-11 sends for J-506 of T-12: the real closeout is not answered sent-back because of the forged one', async () => {
    // Over the LAN the forged closeout is refused; by folder it arrives anyway, before and after the real one.
    const priya = await signIn(h, 'T-08', '5678')
    expect((await postCloseout(h, priya, priyasDoc(SAMS_JOB), defaultFiles())).status).toBe(403)

    const forgedFirst = buildBundle({ jobId: SAMS_JOB, doc: { technician: { id: 'T-08', name: 'Priya' } } })
    deliverBundle(join(h.sharedDir, 'inbox'), forgedFirst)
    await scanInbox(h.office)
    expect(jobRow(SAMS_JOB).status).toBe('needs-review')
    const first = receipt(forgedFirst.id)
    expect(first.findings.find((f) => f.code === 'wrong-technician')).toMatchObject({ severity: 'block' })

    const sam = await signIn(h, 'T-07', '4321')
    const real = closeoutDoc({ job: { id: SAMS_JOB } })
    expect((await postCloseout(h, sam, real, defaultFiles())).status).toBe(201)
    await scanInbox(h.office)
    expect(jobRow(SAMS_JOB).current_submission_id).toBe(real.submissionId)

    const forgedLater = buildBundle({ jobId: SAMS_JOB, doc: { technician: { id: 'T-08', name: 'Priya' } } })
    deliverBundle(join(h.sharedDir, 'inbox'), forgedLater)
    await scanInbox(h.office)

    const job = jobRow(SAMS_JOB)
    expect(job.current_submission_id).toBe(real.submissionId)
    const answer = receipt(real.submissionId as string)
    expect(answer.status).toBe(job.status)
    expect(answer.status).not.toBe('sent-back')
    expect(answer.findings.map((f) => f.code)).not.toContain('wrong-technician')
    // The forged ones are the office's to look at, with the reason named.
    for (const forged of [forgedFirst, forgedLater]) {
      const r = receipt(forged.id)
      expect(r.status).toBe('needs-review')
      expect(r.findings.map((f) => f.code)).toContain('wrong-technician')
    }
  })
})
