import { execSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openOffice, type Office } from '../../src-main/core/office'
import { scanInbox } from '../../src-main/core/inbox/inbox-scan'
import { startInboxWatcher } from '../../src-main/core/inbox/watcher'
import {
  buildBundle,
  fakeJpeg,
  deliverBundle,
  seedOffice,
  writeBundleFiles,
  type TestBundle,
  dispatchedJobId,
} from '../integration/inbox/bundle-builder'
import { findPgBin } from '../support/postgres'
import { runOnPostgres } from './ingest-seats.bench'

/**
 * Issue #3's figures: (a) a backlog of bundles (closeout.json + 3 JPEG-like files of ~300 KB):
 * bundles/s and the ratio to a read+hash+copy baseline; (b) rename-to-receipt latency under the
 * watcher; (c) peak RSS during (a); (d), (e) PostgreSQL beside SQLite, one seat and three
 * (ingest-seats.bench.ts). CLOSEOUT_BENCH_BUNDLES / CLOSEOUT_BENCH_LATENCY_BUNDLES shrink the runs
 * (defaults 2000 and 200); CLOSEOUT_BENCH_ENGINES=sqlite leaves PostgreSQL out.
 */
const BACKLOG = Number(process.env.CLOSEOUT_BENCH_BUNDLES ?? 2000)
const LATENCY = Number(process.env.CLOSEOUT_BENCH_LATENCY_BUNDLES ?? 200)
const PHOTO = 300 * 1024
const base = randomBytes(PHOTO)

/** Three distinct ~300 KB photos per bundle: a shared random body with a unique head, so nothing dedupes. */
function photoBundle(jobId?: string): TestBundle {
  const bundle = buildBundle({ photos: 3, photoSize: 16, ...(jobId ? { jobId } : {}) })
  for (const path of [...bundle.files.keys()].filter((p) => p.startsWith('photos/'))) {
    const photo = Buffer.from(base)
    fakeJpeg(44).copy(photo, 0)
    bundle.files.set(path, photo)
  }
  bundle.manifest.files = [...bundle.files].map(([path, data]) => ({
    path,
    size: data.length,
    sha256: createHash('sha256').update(data).digest('hex'),
  }))
  return bundle
}

async function freshOffice(root: string, name: string): Promise<{ office: Office; inbox: string; shared: string }> {
  const shared = join(root, name, 'shared')
  mkdirSync(join(shared, 'inbox'), { recursive: true })
  const office = await openOffice({ dataDir: join(root, name, 'data'), sharedDir: shared })
  seedOffice(office)
  return { office, inbox: join(shared, 'inbox'), shared }
}

/** The floor: read, hash and copy the same bytes in one Node process, no database, no moves. */
function baseline(inbox: string, out: string, durable: boolean): number {
  const started = performance.now()
  for (const folder of readdirSync(inbox)) {
    for (const file of [
      'closeout.json',
      'manifest.json',
      'photos/photo-1.jpg',
      'photos/photo-2.jpg',
      'photos/photo-3.jpg',
    ]) {
      const data = readFileSync(join(inbox, folder, file))
      createHash('sha256').update(data).digest('hex')
      const fd = openSync(join(out, `${folder}-${file.replace('/', '-')}`), 'w')
      writeSync(fd, data)
      if (durable) fsyncSync(fd)
      closeSync(fd)
    }
  }
  return performance.now() - started
}

function timeBaseline(root: string, inbox: string, durable: boolean): number {
  const copies = join(root, 'baseline')
  mkdirSync(copies)
  const ms = baseline(inbox, copies, durable)
  rmSync(copies, { recursive: true, force: true })
  execSync('sync')
  return ms
}

async function backlog(root: string): Promise<number> {
  const { office, inbox, shared } = await freshOffice(root, 'backlog')
  for (let i = 0; i < BACKLOG; i++) deliverBundle(inbox, photoBundle())
  // Flush the generated files first: otherwise the ingest's fsyncs pay for writing them back.
  execSync('sync')
  const baseMs = timeBaseline(root, inbox, false)
  const durableMs = timeBaseline(root, inbox, true)
  let peak = process.memoryUsage().rss
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25)
  const started = performance.now()
  const summary = await scanInbox(office)
  const ms = performance.now() - started
  clearInterval(sampler)
  peak = Math.max(peak, process.memoryUsage().rss)
  if (summary.ingested !== BACKLOG) throw new Error(`ingested ${summary.ingested} of ${BACKLOG}`)
  // The same floor once more, right after: on a shared machine the disk and CPUs change speed by the minute.
  execSync('sync')
  const archived = join(shared, 'archive', new Date().toISOString().slice(0, 7))
  const afterMs = timeBaseline(root, archived, false)
  console.log(
    `(a) backlog of ${BACKLOG} bundles (closeout.json + 3 x 300 KB): ${ms.toFixed(0)} ms, ${((BACKLOG / ms) * 1000).toFixed(1)} bundles/s`,
  )
  console.log(
    `    baseline read+hash+copy of the same bytes: ${baseMs.toFixed(0)} ms before, ${afterMs.toFixed(0)} ms after; ratio ${(ms / baseMs).toFixed(2)} (to before), ${(ms / afterMs).toFixed(2)} (to after), ${((2 * ms) / (baseMs + afterMs)).toFixed(2)} (to their mean) (goal <= 2.0)`,
  )
  console.log(
    `    baseline with an fsync per copied file: ${durableMs.toFixed(0)} ms; ratio ${(ms / durableMs).toFixed(2)}`,
  )
  console.log(
    `(c) peak RSS during (a): ${(peak / 1024 / 1024).toFixed(0)} MB (sampled), maxRSS of the process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (goal < 300 MB)`,
  )
  await office.close()
  return ms
}

async function latency(root: string): Promise<void> {
  const { office, inbox, shared } = await freshOffice(root, 'latency')
  const watcher = await startInboxWatcher(office)
  await watcher.scanNow()
  const samples: number[] = []
  for (let i = 0; i < LATENCY; i++) {
    const bundle = photoBundle()
    const receipt = join(shared, 'receipts', `${bundle.id}.json`)
    const temp = join(inbox, `.tmp-${bundle.id}`)
    writeBundleFiles(temp, bundle)
    const started = performance.now()
    renameSync(temp, join(inbox, bundle.id))
    while (!existsSync(receipt)) await new Promise((r) => setTimeout(r, 1))
    samples.push(performance.now() - started)
  }
  await watcher.stop()
  await office.close()
  samples.sort((a, b) => a - b)
  const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))] ?? NaN
  console.log(
    `(b) rename-to-receipt latency over ${LATENCY} bundles (watching): p50 ${pct(50).toFixed(0)} ms, p95 ${pct(95).toFixed(0)} ms, max ${pct(100).toFixed(0)} ms (goal p95 < 500 ms)`,
  )
}

export async function run(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'closeout-bench-ingest-'))
  try {
    const sqliteMs = await backlog(root)
    await latency(root)
    // Issue #17: the same backlog on PostgreSQL, one seat and three (CLOSEOUT_BENCH_ENGINES=sqlite skips it).
    if ((process.env.CLOSEOUT_BENCH_ENGINES ?? 'sqlite,postgres').includes('postgres')) {
      if (findPgBin())
        await runOnPostgres(root, { count: BACKLOG, jobs: 0, make: () => photoBundle() }, sqliteMs, {
          count: BACKLOG,
          jobs: BACKLOG,
          make: (n) => photoBundle(dispatchedJobId(n)),
        })
      else console.log('(d), (e) PostgreSQL: skipped (no initdb/pg_ctl here; apt-get install postgresql)')
    }
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}
