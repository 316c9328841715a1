import { readdirSync } from 'node:fs'
import { CloseoutError } from '../errors'
import type { Office } from '../office'
import { settleCrashes } from './bundle-state'
import { bundlesInState, crashSuspects, forgetBundle } from './bundles.repo'
import { isDebrisName } from './debris'
import { commitStaged, ingestPipeline, type IngestPipeline } from './ingest-batch'
import { inboxGate } from './seat-gate'
import { processEntry, type EntryOutcome, type InboxTimings, type IngestMode } from './ingest-bundle'
import { ensureLayout, sharedLayout, UUID_RE, type SharedLayout } from './layout'
import { writeSettingIn } from '../settings/settings-store'
import { LAST_SCAN_KEY } from './inbox-settings'
import { ownReceipts } from '../receipts/receipt-owner'
import { stagingDir, sweepStaleTemps } from '../store/temp-sweep'
import { ScanReads } from './scan-reads'

export interface ScanSummary {
  ingested: number
  duplicates: number
  rejected: number
  /** Still waiting for files (stalled ones included). */
  pending: number
  /** Left in place after an error; retried on the next scan. */
  failed: number
  /** Held in the inbox for the office (`ingest-crashed`) until it is reprocessed. */
  attention: number
  outcomes: { folder: string; outcome: EntryOutcome }[]
  /** What a full scan put right besides the inbox (absent on a partial scan). */
  housekeeping?: Housekeeping
}

export interface Housekeeping {
  receiptsRewritten: number
  receiptsRestored: number
  conflictCopiesRemoved: number
  tempFilesSwept: number
}

export const DEFAULT_TIMINGS: InboxTimings = { settleMs: 10_000, stallMs: 24 * 60 * 60 * 1000 }

/** Inbox entries worth looking at: debris filtered out, folders named by an id first (spec section 4.6). */
export function listInbox(inbox: string): string[] {
  const entries = readdirSync(inbox, { withFileTypes: true }).filter(
    (e) => !isDebrisName(e.name, e.isDirectory() ? 'folder' : 'file'),
  )
  const names = entries.map((e) => e.name)
  const byId = names.filter((n) => UUID_RE.test(n)).sort()
  const others = names.filter((n) => !UUID_RE.test(n)).sort()
  return [...byId, ...others]
}

/**
 * One pass over the inbox (or over `only` of its entries): every entry ends ingested,
 * duplicate, rejected or pending. Safe to run again at any time, and after a crash.
 */
export function scanInbox(
  office: Office,
  options: { timings?: InboxTimings; only?: string[] } = {},
): Promise<ScanSummary> {
  // One scan at a time per office: the watcher, `ingest --once` and Reprocess may all ask at once.
  const previous = running.get(office) ?? Promise.resolve()
  const next = previous.catch(() => undefined).then(() => scanExclusive(office, options))
  running.set(office, next)
  return next
}

const running = new WeakMap<Office, Promise<unknown>>()

async function scanExclusive(
  office: Office,
  options: { timings?: InboxTimings; only?: string[] },
): Promise<ScanSummary> {
  const layout = sharedLayout(office)
  if (!ensureLayout(layout))
    throw new CloseoutError(
      'inbox-unavailable',
      `The shared folder ${layout.root} is not there (a network drive or sync folder that is offline?)`,
    )
  const timings = options.timings ?? DEFAULT_TIMINGS
  const present = listInbox(layout.inbox)
  const now = new Date().toISOString()
  // On PostgreSQL other seats work this inbox too: a seat settles only folders it has claimed.
  const shared = office.engine === 'postgres'
  if (!shared) await settleCrashes(office, now)
  const names = crashOrder(
    options.only ? present.filter((n) => options.only?.includes(n)) : present,
    await crashSuspects(office),
  )
  const summary: ScanSummary = {
    ingested: 0,
    duplicates: 0,
    rejected: 0,
    pending: 0,
    failed: 0,
    attention: 0,
    outcomes: [],
  }
  const order = new Map(names.map((n, i) => [n, i]))
  const gate = inboxGate(office)
  const done = (folder: string, outcome: EntryOutcome) => {
    gate.finished(folder)
    summary.outcomes.push({ folder, outcome })
    if (outcome.kind === 'ingested') summary.ingested++
    else if (outcome.kind === 'duplicate') summary.duplicates++
    else if (outcome.kind === 'rejected') summary.rejected++
    else if (outcome.kind === 'pending') summary.pending++
    else if (outcome.kind === 'failed') summary.failed++
    else if (outcome.kind === 'attention') summary.attention++
  }
  const pipeline = ingestPipeline(office, layout, done, gate)
  try {
    for (let at = 0; at < names.length; at += gate.chunk) {
      const mine = await gate.take(names.slice(at, at + gate.chunk))
      if (mine.length === 0) continue
      if (shared) await settleCrashes(office, now, mine)
      const suspected = new Set(await crashSuspects(office))
      const reads = await ScanReads.of(office, mine)
      for (const folder of shared ? crashOrder(mine, [...suspected]) : mine)
        await scanOne(office, layout, timings, folder, suspected, pipeline, done, reads)
    }
    await pipeline.drain()
  } finally {
    await gate.close()
  }
  summary.outcomes.sort((a, b) => (order.get(a.folder) ?? 0) - (order.get(b.folder) ?? 0))
  if (!options.only) {
    // Waiting folders that vanished (deleted or moved away by hand) are no longer the office's concern.
    const still = new Set(present)
    for (const row of await bundlesInState(office, ['pending', 'stalled', 'attention']))
      if (!still.has(row.folder)) await forgetBundle(office, row.folder)
    await writeSettingIn(office.db, LAST_SCAN_KEY, new Date().toISOString())
    summary.housekeeping = await tidyAfterScan(office)
  }
  announce(office, summary)
  return summary
}

/** One inbox entry: staged into the group, or alone, or settled at once (pending, rejected, …). */
async function scanOne(
  office: Office,
  layout: SharedLayout,
  timings: InboxTimings,
  folder: string,
  suspected: ReadonlySet<string>,
  pipeline: IngestPipeline,
  done: (folder: string, outcome: EntryOutcome) => void,
  reads: ScanReads,
): Promise<void> {
  // Alone: a crash suspect (so a crash is pinned on it), or a folder not named by its id,
  // whose fate depends on what the bundles before it committed (section 4.6).
  const mode: IngestMode = suspected.has(folder) || !UUID_RE.test(folder) ? 'alone' : 'group'
  // Staging is synchronous work: let store workers' answers, watcher events and HTTP requests in.
  await new Promise((resolve) => setImmediate(resolve))
  try {
    if (mode === 'alone') await pipeline.drain()
    const outcome = await processEntry(office, layout, timings, folder, mode, reads)
    if (outcome.kind !== 'staged') done(folder, outcome)
    else if (mode === 'group') await pipeline.add(outcome)
    else done(folder, (await commitStaged(office, layout, [outcome], pipeline.gate))[0] ?? notCommitted)
  } catch (error) {
    // A move or read that failed outside the ingest itself: the entry stays and is retried.
    console.error(`[closeout] inbox: ${folder}:`, error)
    done(folder, { kind: 'failed', message: error instanceof Error ? error.message : String(error) })
  }
}

const notCommitted: EntryOutcome = { kind: 'failed', message: 'not committed' }

/**
 * Crash suspects (folders whose last ingest never finished or failed) go after the other
 * folders named by an id, in crashSuspects' order, so a poison bundle cannot hold up good
 * ones; but before every folder not named by an id (spec v1.1: section 4.6's order holds after
 * a crash), so `<id> (1)` is judged once its original has settled.
 */
function crashOrder(names: string[], suspects: string[]): string[] {
  if (suspects.length === 0) return names
  const present = new Set(names)
  const suspected = new Set(suspects)
  const byId = names.filter((n) => UUID_RE.test(n))
  return [
    ...byId.filter((n) => !suspected.has(n)),
    ...suspects.filter((n) => present.has(n) && UUID_RE.test(n)),
    ...names.filter((n) => !UUID_RE.test(n)),
  ]
}

/** The office's own housekeeping in the shared folder and the store (spec v1.1, section 6). */
async function tidyAfterScan(office: Office): Promise<Housekeeping | undefined> {
  try {
    const receipts = await ownReceipts(office)
    const store = sweepStaleTemps(stagingDir(office.attachmentsDir))
    return {
      receiptsRewritten: receipts.rewritten,
      receiptsRestored: receipts.restored,
      conflictCopiesRemoved: receipts.conflicts,
      tempFilesSwept: receipts.temps.removed + store.removed,
    }
  } catch (error) {
    // Housekeeping never fails a scan: the next one tries again.
    console.error('[closeout] receipts: could not check the receipts folder:', error)
    return undefined
  }
}

function announce(office: Office, summary: ScanSummary): void {
  const jobIds = [
    ...new Set(summary.outcomes.flatMap(({ outcome }) => (outcome.kind === 'ingested' ? [outcome.jobId] : []))),
  ]
  if (jobIds.length) office.events.emit('jobs.changed', { reason: 'ingest', jobIds })
  if (summary.outcomes.some(({ outcome }) => outcome.kind !== 'gone'))
    office.events.emit('inbox.changed', { ...countsOf(summary) })
}

export function countsOf(summary: ScanSummary): {
  ingested: number
  duplicates: number
  rejected: number
  pending: number
} {
  return {
    ingested: summary.ingested,
    duplicates: summary.duplicates,
    rejected: summary.rejected,
    pending: summary.pending,
  }
}
