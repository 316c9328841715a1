import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { openOffice } from '../../../src-main/core/office'
import { verifyEventLogIn } from '../../../src-main/core/lifecycle/event-log'
import { attachmentsRoot, blobPath } from '../../../src-main/core/store/attachment-store'
import { buildBundle, deliverBundle, seedOffice } from './bundle-builder'
import { buildCrashChild, runCrashChild } from './crash-runner'

const BUNDLES = 500
const MIN_KILLS = 30
let errors = ''
const root = mkdtempSync(join(tmpdir(), 'closeout-crash-'))
afterAll(() => {
  if (!process.env.CLOSEOUT_KEEP_TEMP) rmSync(root, { recursive: true, force: true })
})

it(`ingests ${BUNDLES} bundles exactly once although the process is SIGKILLed at random at least ${MIN_KILLS} times`, async () => {
  const dataDir = join(root, 'data')
  const shared = join(root, 'shared')
  const inbox = join(shared, 'inbox')
  mkdirSync(inbox, { recursive: true })
  const setup = await openOffice({ dataDir, sharedDir: shared })
  seedOffice(setup)
  await setup.close()
  const ids: string[] = []
  for (let i = 0; i < BUNDLES; i++) {
    // A third go to unknown jobs and unscheduled work, so job creation is under fire too.
    const job =
      i % 3 === 0
        ? { jobId: `J-${5000 + i}` }
        : i % 3 === 1
          ? { jobId: 'J-1042' }
          : { doc: { job: { new: { customerName: 'Pat Doe', siteAddress: `${i} Main St`, jobType: 'repair' } } } }
    const bundle = buildBundle({ photos: 2, photoSize: 1024 + (i % 7) * 512, ...job })
    deliverBundle(inbox, bundle)
    ids.push(bundle.id)
  }
  const script = buildCrashChild(root)
  let kills = 0
  let finished = false
  for (let run = 0; !finished && run < 400; run++) {
    const kill = kills < MIN_KILLS ? Math.floor(Math.random() * 120) : null
    const result = await runCrashChild(script, dataDir, shared, { killAfterMs: kill })
    if (!result.killed && !result.finished) throw new Error(`the ingest process failed: ${result.stderr}`)
    errors += result.stderr
    finished = result.finished
    if (!finished) kills++
  }
  expect(kills).toBeGreaterThanOrEqual(MIN_KILLS)
  expect(errors).toBe('')
  expect(finished).toBe(true)

  const office = await openOffice({ dataDir, sharedDir: shared })
  try {
    const s = office.sqlite
    expect(s.pragma('integrity_check', { simple: true })).toBe('ok')
    const submissions = s.prepare('SELECT id, job_id FROM submissions').all() as { id: string; job_id: string }[]
    const missing = ids.filter((id) => !submissions.some((r) => r.id === id))
    expect(
      s
        .prepare(`SELECT * FROM inbox_bundles WHERE folder IN (${missing.map(() => '?').join(',') || "''"})`)
        .all(...missing),
    ).toEqual([])
    expect(submissions.map((r) => r.id).sort()).toEqual([...ids].sort())
    // No job lacks its attachments; no attachment row points at a missing or short file.
    const perSubmission = s
      .prepare('SELECT submission_id, COUNT(*) AS n FROM attachments GROUP BY submission_id')
      .all() as { submission_id: string; n: number }[]
    expect(perSubmission).toHaveLength(BUNDLES)
    expect(perSubmission.every((r) => r.n === 2)).toBe(true)
    for (const a of s.prepare('SELECT sha256, size FROM attachments').all() as { sha256: string; size: number }[]) {
      expect(statSync(blobPath(attachmentsRoot(dataDir), a.sha256)).size).toBe(a.size)
    }
    expect(
      s
        .prepare(
          `SELECT COUNT(*) AS n FROM jobs j WHERE current_submission_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM submissions WHERE id = j.current_submission_id)`,
        )
        .get(),
    ).toEqual({ n: 0 })
    const received = s.prepare(`SELECT COUNT(*) AS n FROM job_events WHERE type = 'submission-received'`).get() as {
      n: number
    }
    expect(received.n).toBe(BUNDLES)
    expect((await verifyEventLogIn(office.db)).ok).toBe(true)
    // Every source bundle is in the archive (none lost, none left, none rejected).
    const month = new Date().toISOString().slice(0, 7)
    for (const id of ids) expect(existsSync(join(shared, 'archive', month, id, 'manifest.json'))).toBe(true)
    expect(readdirSync(inbox).filter((n) => !n.startsWith('.'))).toEqual([])
    expect(existsSync(join(shared, 'rejected')) ? readdirSync(join(shared, 'rejected')) : []).toEqual([])
    for (const id of ids) expect(existsSync(join(shared, 'receipts', `${id}.json`))).toBe(true)
  } finally {
    await office.close()
  }
}, 120_000)
