import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { hashPin } from '../../../src-main/core/auth/pin'
import { sendBackJob } from '../../../src-main/core/approvals/decisions'
import { scanInbox } from '../../../src-main/core/inbox/inbox-scan'
import { openOffice, type SqliteOffice } from '../../../src-main/core/office'
import { importDemoSetup } from '../../../src-main/core/setup/demo'
import { startOfficeSnapshot, type OfficeSnapshotWriter } from '../../../src-main/lan/office-snapshot-writer'
import { startLanServer, type LanServer } from '../../../src-main/lan/server'
import type { CloseoutAnswer, TechJobsAnswer } from '../../../src-shared/api/lan'
import { startLanOnly, type LanOnlyServer } from '../../support/lan-only'
import { closeoutDoc, defaultFiles, postCloseout, signIn, trySignIn } from './lan-harness'

/**
 * Issue #16 item 6: a form server without an office. The office writes `office/` into the shared
 * folder; a lan-only form server on its own data folder serves sign-in and jobs from it and
 * writes bundles that the office ingests.
 */
let root: string
let shared: string
let office: SqliteOffice
let snapshot: OfficeSnapshotWriter
let formOnly: LanOnlyServer
let officeForm: LanServer

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'closeout-lan-only-'))
  shared = join(root, 'shared')
  office = await openOffice({ dataDir: join(root, 'office-data'), sharedDir: shared })
  await importDemoSetup(office)
  snapshot = await startOfficeSnapshot(office, { intervalMs: 60_000 })
  formOnly = await startLanOnly(root, shared)
  officeForm = await startLanServer(office, { host: '127.0.0.1', port: 0, rendererOut: join(root, 'no-build') })
})
afterEach(async () => {
  snapshot.stop()
  await formOnly.close()
  await officeForm.close()
  await office.close()
  rmSync(root, { recursive: true, force: true })
})

const officeBase = () => `http://127.0.0.1:${officeForm.port}`
const getJson = async <T>(url: string, cookie: string): Promise<T> => {
  const res = await fetch(url, { headers: { cookie } })
  expect(res.status, url).toBe(200)
  return (await res.json()) as T
}
const snapshotFile = (name: string) => join(shared, 'office', name)

describe('the office snapshot in <shared>/office/', () => {
  it('holds technicians with their scrypt PIN hashes (never a PIN), open jobs, job types and the price book', () => {
    const technicians = JSON.parse(readFileSync(snapshotFile('technicians.json'), 'utf8')) as {
      schema: string
      technicians: { id: string; name: string; pinHash: string }[]
    }
    expect(technicians.schema).toBe('closeout-office-technicians/v1')
    const sam = technicians.technicians.find((t) => t.id === 'T-07')
    expect(sam?.name).toBe('Sam Ortiz')
    expect(sam?.pinHash).toMatch(/^scrypt\$32768\$8\$1\$/)
    expect(readFileSync(snapshotFile('technicians.json'), 'utf8')).not.toMatch(/"pin"\s*:/)
    const jobs = JSON.parse(readFileSync(snapshotFile('jobs.json'), 'utf8')) as {
      byTechnician: Record<string, { id: string }[]>
    }
    expect(jobs.byTechnician['T-07']?.map((j) => j.id)).toContain('J-1042')
    const book = JSON.parse(readFileSync(snapshotFile('price-book.json'), 'utf8')) as { items: { sku: string }[] }
    expect(book.items.map((i) => i.sku)).toContain('CAP-45-5')
    const types = JSON.parse(readFileSync(snapshotFile('job-types.json'), 'utf8')) as { jobTypes: { id: string }[] }
    expect(types.jobTypes.length).toBeGreaterThan(0)
  })

  it('is rewritten only when something changed, and then only the files that changed', async () => {
    expect(await snapshot.refresh()).toEqual({ written: [], skipped: true })
    expect((await snapshot.refresh(true)).written).toEqual([])
    const before = statSync(snapshotFile('jobs.json')).mtimeMs
    office.sqlite.prepare('UPDATE technicians SET pin_hash = ? WHERE id = ?').run(await hashPin('2468'), 'T-07')
    expect((await snapshot.refresh()).written).toEqual(['technicians'])
    expect(statSync(snapshotFile('jobs.json')).mtimeMs).toBe(before)
    office.sqlite
      .prepare('UPDATE price_book SET unit_price_cents = unit_price_cents + 100 WHERE sku = ?')
      .run('CAP-45-5')
    expect((await snapshot.refresh()).written).toEqual(expect.arrayContaining(['priceBook']))
    expect((await trySignIn(formOnly, 'T-07', '4321')).status).toBe(401)
    expect((await trySignIn(formOnly, 'T-07', '2468')).status).toBe(200)
  })
})

describe('serve --lan-only: the form without an office database', () => {
  it('signs in with the office PIN and lists the same jobs, price book and technicians as the office form', async () => {
    const here = await signIn(formOnly)
    const there = await signIn({ base: officeBase() })
    const jobs = await getJson<TechJobsAnswer>(`${formOnly.base}/api/jobs`, here)
    expect(jobs).toEqual(await getJson<TechJobsAnswer>(`${officeBase()}/api/jobs`, there))
    expect(jobs.jobs.map((j) => j.id)).toContain('J-1042')
    for (const q of ['capacitor 45', 'CAP', 'zz-nothing'])
      expect(await getJson(`${formOnly.base}/api/price-book?q=${encodeURIComponent(q)}`, here)).toEqual(
        await getJson(`${officeBase()}/api/price-book?q=${encodeURIComponent(q)}`, there),
      )
    // The phone's offline copy is the same book, as old as the office's snapshot of it.
    const copy = await getJson<{ items: unknown[]; asOf: string }>(`${formOnly.base}/api/price-book/all`, here)
    const fresh = await getJson<{ items: unknown[]; asOf: string }>(`${officeBase()}/api/price-book/all`, there)
    expect(copy.items).toEqual(fresh.items)
    expect(Date.parse(copy.asOf)).toBeLessThanOrEqual(Date.parse(fresh.asOf))
    expect(await (await fetch(`${formOnly.base}/api/technicians`)).json()).toEqual(
      await (await fetch(`${officeBase()}/api/technicians`)).json(),
    )
    expect((await trySignIn(formOnly, 'T-07', '9999')).status).toBe(401)
  })

  it('writes a closeout as a bundle the office ingests, and shows the office receipt', async () => {
    const cookie = await signIn(formOnly)
    const doc = closeoutDoc()
    const id = String(doc.submissionId)
    const res = await postCloseout(formOnly, cookie, doc, defaultFiles())
    expect(res.status).toBe(201)
    expect(statSync(join(shared, 'inbox', id, 'manifest.json')).isFile()).toBe(true)
    const receipt = () => getJson<CloseoutAnswer>(`${formOnly.base}/api/receipts/${id}`, cookie)
    expect((await receipt()).status).toBe('waiting')
    const summary = await scanInbox(office, {})
    expect(summary.ingested).toBe(1)
    const answer = await receipt()
    expect(answer.receipt?.submissionId).toBe(id)
    expect(answer.status).toBe(answer.receipt?.status)
    expect(answer.status).not.toBe('waiting')
    // A phone's retry after the bundle was archived is the same closeout, not a new one.
    expect((await postCloseout(formOnly, cookie, doc, defaultFiles())).status).toBe(200)
    // The office's jobs moved on; once its snapshot is rewritten the form no longer offers J-1042.
    await snapshot.refresh()
    const after = await getJson<TechJobsAnswer>(`${formOnly.base}/api/jobs`, cookie)
    expect(after.jobs.map((j) => j.id)).not.toContain('J-1042')
  })

  it("refuses another technician's open job, and serves a sent-back closeout's photos from the shared folder", async () => {
    const cookie = await signIn(formOnly)
    const others = await getJson<TechJobsAnswer>(
      `${officeBase()}/api/jobs`,
      await signIn({ base: officeBase() }, 'T-08', '5678'),
    )
    const theirs = others.jobs[0]?.id
    expect(theirs).toBeDefined()
    const refused = await postCloseout(formOnly, cookie, closeoutDoc({ job: { id: theirs } }), defaultFiles())
    expect(refused.status).toBe(403)

    const doc = closeoutDoc({ job: { id: 'J-1057' }, discount: { percent: '15', reason: 'Neighbour' } })
    const id = String(doc.submissionId)
    expect((await postCloseout(formOnly, cookie, doc, defaultFiles())).status).toBe(201)
    await scanInbox(office, {})
    await sendBackJob(office, { jobId: 'J-1057', userId: 'U-2', pin: '1357', comment: 'Make it 10%' })
    await snapshot.refresh()
    const jobs = await getJson<TechJobsAnswer>(`${formOnly.base}/api/jobs`, cookie)
    const job = jobs.jobs.find((j) => j.id === 'J-1057')
    expect(job?.sentBack).toMatchObject({ submissionId: id, comment: 'Make it 10%', closeout: { submissionId: id } })
    const photo = await fetch(`${formOnly.base}/api/submissions/${id}/attachment?file=photos/before-1.jpg`, {
      headers: { cookie },
    })
    expect(photo.status).toBe(200)
    expect(photo.headers.get('content-type')).toMatch(/^image\/jpeg/)
    expect(Buffer.from(await photo.arrayBuffer()).equals(defaultFiles()['photos/before-1.jpg'] as Buffer)).toBe(true)

    // Someone moved the archive away: the form says it has no office database to fall back on.
    renameSync(join(shared, 'archive'), join(root, 'archive-moved'))
    const gone = await fetch(`${formOnly.base}/api/submissions/${id}/attachment?file=photos/before-1.jpg`, {
      headers: { cookie },
    })
    expect(gone.status).toBe(404)
    const body = (await gone.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('attachment-missing')
    expect(body.error.message).toMatch(/no office database/)
  })

  it('answers 503 no-office-snapshot before the office has shared one, and names the bad field of a damaged one', async () => {
    const lonely = join(root, 'lonely')
    const form = await startLanOnly(join(root, 'second'), lonely)
    try {
      const res = await fetch(`${form.base}/api/technicians`)
      expect(res.status).toBe(503)
      const body = (await res.json()) as { error: { code: string; message: string } }
      expect(body.error.code).toBe('no-office-snapshot')
      expect(body.error.message).toMatch(/office\/technicians\.json/)
      const dir = join(lonely, 'office')
      mkdirSync(dir, { recursive: true })
      const bad = {
        schema: 'closeout-office-technicians/v1',
        updatedAt: new Date().toISOString(),
        technicians: [{ id: 'T-07', name: 'Sam', pinHash: '4321' }],
      }
      writeFileSync(join(dir, 'technicians.json'), JSON.stringify(bad))
      const invalid = await fetch(`${form.base}/api/technicians`)
      expect(invalid.status).toBe(503)
      const detail = (await invalid.json()) as { error: { details: { path: string; message: string }[] } }
      expect(detail.error.details[0]).toEqual({ path: 'technicians[0].pinHash', message: 'must be a scrypt PIN hash' })
    } finally {
      await form.close()
    }
  })

  it('keeps the last good copy while a snapshot file is mid-sync, and ends the session of a deactivated technician', async () => {
    const cookie = await signIn(formOnly)
    expect((await fetch(`${formOnly.base}/api/jobs`, { headers: { cookie } })).status).toBe(200)
    const jobsFile = snapshotFile('jobs.json')
    const good = readFileSync(jobsFile, 'utf8')
    writeFileSync(jobsFile, good.slice(0, good.length / 2))
    expect((await fetch(`${formOnly.base}/api/jobs`, { headers: { cookie } })).status).toBe(200)
    office.sqlite.prepare('UPDATE technicians SET active = 0 WHERE id = ?').run('T-07')
    await snapshot.refresh()
    expect((await fetch(`${formOnly.base}/api/jobs`, { headers: { cookie } })).status).toBe(401)
    expect(JSON.parse(readFileSync(jobsFile, 'utf8'))).not.toHaveProperty(['byTechnician', 'T-07'])
  })

  // Issue #12: a phone signed in on the lan-only server kept working after the office changed
  // the technician's PIN (the office revoked its own sessions; this server never heard of it).
  it("ends a phone's session when the office changes the technician's PIN, even across a restart", async () => {
    const jobs = (cookie: string) => fetch(`${formOnly.base}/api/jobs`, { headers: { cookie } })
    const cookie = await signIn(formOnly)
    const colleague = await signIn(formOnly, 'T-08', '5678')
    expect((await jobs(cookie)).status).toBe(200)
    office.sqlite.prepare('UPDATE technicians SET pin_hash = ? WHERE id = ?').run(await hashPin('2468'), 'T-07')
    await snapshot.refresh()
    expect((await jobs(cookie)).status).toBe(401)
    // The old PIN stays refused; the new one signs in and its session lasts.
    expect((await trySignIn(formOnly, 'T-07', '4321')).status).toBe(401)
    const fresh = await signIn(formOnly, 'T-07', '2468')
    expect((await jobs(fresh)).status).toBe(200)
    expect((await jobs(fresh)).status).toBe(200)

    // The PIN changes again while this server is stopped: the phone's session does not come back.
    await formOnly.close()
    office.sqlite.prepare('UPDATE technicians SET pin_hash = ? WHERE id = ?').run(await hashPin('1357'), 'T-07')
    await snapshot.refresh()
    formOnly = await startLanOnly(root, shared)
    expect((await jobs(fresh)).status).toBe(401)
    // Another technician's phone, whose PIN did not change, is not signed out by it.
    expect((await jobs(colleague)).status).toBe(200)
  })
})
