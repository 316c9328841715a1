import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildSync } from 'esbuild'
import { afterAll, expect, it } from 'vitest'
import { openOffice } from '../../../src-main/core/office'
import { verifyEventLog } from '../../../src-main/core/approvals/event-log'
import { blobPath } from '../../../src-main/core/store/attachment-store'
import { buildBundle, deliverBundle, seedOffice } from './bundle-builder'

const BUNDLES = 500
const MIN_KILLS = 30
let errors = ''
const root = mkdtempSync(join(tmpdir(), 'closeout-crash-'))
afterAll(() => {
  if (!process.env.CLOSEOUT_KEEP_TEMP) rmSync(root, { recursive: true, force: true })
})

/** Runs the child until it is SIGKILLed after `killAfterMs` (or finishes); answers whether it finished. */
function runChild(script: string, dataDir: string, shared: string, killAfterMs: number | null): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, dataDir, shared], {
      stdio: ['ignore', 'pipe', 'pipe'],
      // The bundled script lives in a temp folder: let it find the native modules of this checkout.
      env: { ...process.env, NODE_PATH: join(__dirname, '..', '..', '..', 'node_modules') },
    })
    let out = ''
    child.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString()
    })
    let timer: NodeJS.Timeout | null = null
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (killAfterMs !== null && !timer && out.includes('ready'))
        timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs)
    })
    child.on('error', reject)
    child.on('exit', (_code, signal) => {
      if (timer) clearTimeout(timer)
      if (signal !== 'SIGKILL' && !out.includes('done')) reject(new Error(`the ingest process failed: ${errors}`))
      resolve(out.includes('done'))
    })
  })
}

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
  // A bundled child starts in ~100 ms instead of seconds under tsx.
  const script = join(root, 'crash-child.cjs')
  buildSync({
    entryPoints: [join(__dirname, 'crash-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: script,
    external: ['better-sqlite3', 'chokidar'],
    logLevel: 'error',
  })
  let kills = 0
  let finished = false
  errors = ''
  for (let run = 0; !finished && run < 400; run++) {
    const kill = kills < MIN_KILLS ? Math.floor(Math.random() * 120) : null
    finished = await runChild(script, dataDir, shared, kill)
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
      expect(statSync(blobPath(dataDir, a.sha256)).size).toBe(a.size)
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
    expect(verifyEventLog(s).ok).toBe(true)
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
