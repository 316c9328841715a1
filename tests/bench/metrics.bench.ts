import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getMetrics, getMetricsJobs } from '../../src-main/core/metrics/metrics.service'
import { openOffice } from '../../src-main/core/office'
import { METRIC_JOBS_PAGE } from '../../src-shared/api/metrics'
import { demoHistory } from '../fixtures/metrics/demo-history'
import { seedHistory } from '../fixtures/metrics/seed'

/**
 * The dashboard's figures over 12 weeks of log: a busy shop (3,000 jobs, ~18,000 events) and a
 * large operation (20,000 jobs, ~120,000 events).
 */
export async function run(): Promise<void> {
  for (const size of [3_000, 20_000]) await measure(size)
}

async function measure(size: number): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'closeout-bench-'))
  try {
    const office = await openOffice({ dataDir: join(root, 'data'), sharedDir: join(root, 'shared') })
    const now = Date.now()
    const jobs = demoHistory(now, size)
    let t = performance.now()
    await seedHistory(office, jobs, 'America/Chicago')
    const events = (office.sqlite.prepare('SELECT count(*) AS n FROM job_events').get() as { n: number }).n
    console.log(`seed ${jobs.length} jobs, ${events} events: ${(performance.now() - t).toFixed(0)} ms`)
    for (const [label, range] of [
      ['metrics, default 12 weeks', {}],
      ['metrics, last 4 weeks   ', { from: new Date(now - 27 * 86400_000).toISOString().slice(0, 10) }],
    ] as const) {
      // The first call of an office reads and parses every summary of the range; the next ones
      // (the dashboard's reloads, the drawer's pages) re-read only the jobs with an event since
      // (summary-cache.ts). Both are printed: the first, then five more.
      t = performance.now()
      await getMetrics(office, range, now)
      const first = performance.now() - t
      const times: number[] = []
      for (let i = 0; i < 5; i++) {
        t = performance.now()
        await getMetrics(office, range, now)
        times.push(performance.now() - t)
      }
      // What the answer weighs as JSON (what the API and the IPC carry), measured after the runs.
      const bytes = Buffer.byteLength(JSON.stringify(await getMetrics(office, range, now)))
      times.sort((a, b) => a - b)
      console.log(
        `${label}: median ${times[2]!.toFixed(0)} ms (min ${times[0]!.toFixed(0)}, max ${times[4]!.toFixed(0)}) over 5 runs after a first of ${first.toFixed(0)} ms, answer ${(bytes / 1e6).toFixed(2)} MB of JSON`,
      )
    }
    // The drawer's first page behind the largest figure (every job invoiced in the 12 weeks).
    const pageTimes: number[] = []
    for (let i = 0; i < 5; i++) {
      t = performance.now()
      await getMetricsJobs(office, { figure: 'cycleTime', page: 0, limit: METRIC_JOBS_PAGE }, now)
      pageTimes.push(performance.now() - t)
    }
    pageTimes.sort((a, b) => a - b)
    console.log(
      `metrics.jobs, first page of cycleTime: median ${pageTimes[2]!.toFixed(0)} ms (min ${pageTimes[0]!.toFixed(0)}) over 5 runs`,
    )
    await office.close()
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}
