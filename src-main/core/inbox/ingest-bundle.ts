import { existsSync, lstatSync, readFileSync, type Stats } from 'node:fs'
import { join } from 'node:path'
import type { Manifest } from '../../../src-shared/schemas/bundle'
import type { PathMessage } from '../../../src-shared/schemas/issues'
import type { EngineDb } from '../db/engine-db'
import type { Office } from '../office'
import { writeRejectionReceipt, writeReceipt } from '../receipts/receipts'
import { MANIFEST_MAX_BYTES, parseManifest, pathsTooLongForArchive, type Refusal } from './bundle-manifest'
import { moveDuplicate, moveToArchive, moveToRejected } from './bundle-moves'
import { holdBundle, markInFlight, MAX_ATTEMPTS, startOf } from './bundle-state'
import { getBundle, restartBundle, saveBundle, type BundleDetail, type BundleRow } from './bundles.repo'
import { checkPresence } from './bundle-files'
import { nameConflictCopies, resolveConflictCopies, type ConflictResolution } from './bundle-conflicts'
import { archiveMonth, UUID_RE, type SharedLayout } from './layout'
import { recogniseBundle } from './bundle-recognition'
import type { ScanReads } from './scan-reads'
import { prepareIngest, type PreparedIngest } from './ingest-commit'
import { findSubmissionRefIn, type SubmissionRef } from '../jobs/submissions.repo'

export interface InboxTimings {
  /** How long an unparseable manifest or a stray file must stay unchanged before it is rejected. */
  settleMs: number
  /** How long a bundle may wait for its files before the office calls it stalled. */
  stallMs: number
}

export type EntryOutcome =
  | { kind: 'ingested'; submissionId: string; jobId: string }
  | { kind: 'duplicate'; submissionId: string }
  | { kind: 'rejected'; reason: Refusal['reason']; details: PathMessage[] }
  | { kind: 'pending'; missing: PathMessage[]; stalled: boolean }
  | { kind: 'gone' }
  | { kind: 'failed'; message: string }
  /** Held in the inbox for the office (spec v1.1): only Reprocess or an operator moves it on. */
  | { kind: 'attention'; reason: 'ingest-crashed'; message: string }

export { MAX_ATTEMPTS }

/**
 * A bundle proven complete and staged into the store, waiting to be committed: alone, or in
 * a group with others during a backlog (ingest-batch.ts finishes it).
 */
export interface StagedIngest {
  kind: 'staged'
  folder: string
  now: string
  /** Attempts charged before this one. */
  attempts: number
  mode: IngestMode
  /** The bundle's bookkeeping before this attempt. */
  detail: BundleDetail
  prepared: PreparedIngest
  /** Records the bundle as still waiting, when a file turns out not to match its hash yet. */
  stillPending: (missing: PathMessage[]) => Promise<EntryOutcome>
}

/** 'group': may be committed together with other bundles; 'alone': a crash suspect, on its own. */
export type IngestMode = 'group' | 'alone'

interface Ctx {
  mode: IngestMode
  office: Office
  layout: SharedLayout
  timings: InboxTimings
  folder: string
  dir: string
  now: string
  row: BundleRow | null
}

/**
 * Decides and carries out what happens to one inbox entry (spec section 4). A bundle ready to
 * be ingested comes back staged, for the caller to commit (ingest-batch.ts).
 */
export async function processEntry(
  office: Office,
  layout: SharedLayout,
  timings: InboxTimings,
  folder: string,
  mode: IngestMode,
  reads?: ScanReads,
): Promise<EntryOutcome | StagedIngest> {
  const dir = join(layout.inbox, folder)
  const stats = lstatOrNull(dir)
  if (!stats) return { kind: 'gone' }
  const read = reads?.row(folder)
  let row = read === undefined ? await getBundle(office, folder) : read
  const now = new Date().toISOString()
  if (row?.state === 'attention')
    return { kind: 'attention', reason: 'ingest-crashed', message: row.detail.held?.message ?? 'held for the office' }
  if (row && row.state !== 'pending' && row.state !== 'stalled') {
    await restartBundle(office, folder, now)
    row = await getBundle(office, folder)
  }
  const ctx: Ctx = { mode, office, layout, timings, folder, dir, now, row }
  if (stats.isSymbolicLink())
    return reject(ctx, { reason: 'unsafe-path', details: [{ path: folder, message: 'is a symbolic link' }] })
  if (!stats.isDirectory()) {
    return settleOr(
      ctx,
      stats,
      { reason: 'not-a-bundle', details: [{ path: folder, message: 'is a file, not a bundle folder' }] },
      'not a bundle folder',
    )
  }
  const manifestFile = join(dir, 'manifest.json')
  const manifestStats = lstatOrNull(manifestFile)
  if (!manifestStats) return noManifest(ctx)
  if (!manifestStats.isFile())
    return reject(ctx, {
      reason: 'unsafe-path',
      details: [{ path: 'manifest.json', message: 'is not a regular file' }],
    })
  if (manifestStats.size > MANIFEST_MAX_BYTES) {
    return reject(ctx, {
      reason: 'too-large',
      details: [
        { path: 'manifest.json', message: `${manifestStats.size} bytes is over the ${MANIFEST_MAX_BYTES}-byte limit` },
      ],
    })
  }
  const verdict = parseManifest(readFileSync(manifestFile, 'utf8'))
  if (!verdict.ok && 'unparseable' in verdict) {
    return settleOr(
      ctx,
      manifestStats,
      { reason: 'bad-manifest', details: [{ path: 'manifest.json', message: `is not JSON: ${verdict.unparseable}` }] },
      'manifest.json is still being written',
    )
  }
  if (!verdict.ok) return reject(ctx, verdict.refusal, UUID_RE.test(folder) ? folder : null)
  const { manifest, fingerprint } = verdict
  const known = await recogniseBundle(
    office.db,
    folder,
    manifest.submissionId,
    fingerprint,
    reads?.ref(folder, manifest.submissionId),
  )
  if (known.kind === 'copy') return duplicate(ctx, manifest.submissionId)
  if (known.kind === 'refused') return reject(ctx, known.refusal)
  if (known.kind === 'stored') {
    const { existing } = known
    if (existing.archivedPath && !existsSync(join(layout.root, existing.archivedPath)))
      return finishIngest(ctx, manifest.submissionId, existing)
    return duplicate(ctx, manifest.submissionId)
  }
  const tooLong = pathsTooLongForArchive(manifest)
  if (tooLong.length) return reject(ctx, { reason: 'unsafe-path', details: tooLong }, folder)
  const conflicts = resolveConflictCopies(dir, manifest)
  const presence = checkPresence(dir, manifest, conflicts.sources)
  if (presence.kind === 'refused') return reject(ctx, presence.refusal, folder)
  if (presence.kind === 'pending') return pending(ctx, nameConflictCopies(presence.missing, conflicts))
  return ingestComplete(ctx, manifest, fingerprint, conflicts)
}

async function ingestComplete(
  ctx: Ctx,
  manifest: Manifest,
  fingerprint: string,
  conflicts: ConflictResolution,
): Promise<EntryOutcome | StagedIngest> {
  const { office, folder } = ctx
  // Marked in flight, so that the next start can tell whether the office died on it alone.
  await markInFlight(office, folder, ctx.now, ctx.mode === 'alone')
  const staged = {
    kind: 'staged',
    folder,
    now: ctx.now,
    attempts: ctx.row?.attempts ?? 0,
    mode: ctx.mode,
    detail: ctx.row?.detail ?? {},
    stillPending: (missing: PathMessage[]) => pending(ctx, missing),
  } as const
  try {
    const result = prepareIngest(office, ctx.dir, folder, manifest, fingerprint, ctx.now, conflicts)
    if (result.kind === 'pending') return pending(ctx, result.missing)
    if (result.kind === 'refused') return reject(ctx, result.refusal, folder)
    return { ...staged, prepared: result.prepared }
  } catch (error) {
    return failIngest(office, staged, error)
  }
}

/**
 * Leaves a bundle whose ingest broke in the inbox for the next scan. Transient file trouble
 * counts no attempt; an error while the bundle was alone counts one (at most one per start of
 * the office); in a group it only makes the bundle go alone next time.
 */
export async function failIngest(
  edb: EngineDb,
  staged: Pick<StagedIngest, 'folder' | 'now' | 'attempts' | 'detail' | 'mode'>,
  error: unknown,
): Promise<EntryOutcome> {
  const message = error instanceof Error ? error.message : String(error)
  const { inFlight: _inFlight, ...kept } = staged.detail
  const detail: BundleDetail = { ...kept, lastError: message }
  const start = startOf(edb)
  let attempts = staged.attempts
  if (!isTransientFsError(error)) {
    if (staged.mode === 'group') detail.suspect = true
    else if (detail.countedIn !== start) {
      attempts++
      detail.countedIn = start
    }
  }
  if (attempts >= MAX_ATTEMPTS) {
    await holdBundle(edb, staged.folder, attempts, detail, staged.now)
    return { kind: 'attention', reason: 'ingest-crashed', message }
  }
  await saveBundle(edb.db, staged.folder, { state: 'pending', detail, attempts, now: staged.now })
  return { kind: 'failed', message }
}

/** Crashed after the commit (receipt or move not done): finish, do not count a duplicate. */
async function finishIngest(ctx: Ctx, submissionId: string, existing: SubmissionRef): Promise<EntryOutcome> {
  const archived = existing.archivedPath ?? ''
  await writeReceipt(ctx.office, submissionId)
  const name = archived.split('/').pop() ?? submissionId
  await moveToArchive(ctx.layout, ctx.folder, archived.split('/')[1] ?? archiveMonth(ctx.now), name)
  await saveBundle(ctx.office.db, ctx.folder, {
    state: 'ingested',
    submissionId,
    detail: { movedTo: archived },
    now: ctx.now,
  })
  return { kind: 'ingested', submissionId, jobId: existing.jobId }
}

async function duplicate(ctx: Ctx, submissionId: string): Promise<EntryOutcome> {
  const movedTo = await moveDuplicate(ctx.layout, ctx.folder, archiveMonth(ctx.now))
  await saveBundle(ctx.office.db, ctx.folder, { state: 'duplicate', submissionId, detail: { movedTo }, now: ctx.now })
  await writeReceipt(ctx.office, submissionId)
  return { kind: 'duplicate', submissionId }
}

async function reject(ctx: Ctx, refusal: Refusal, submissionId: string | null = null): Promise<EntryOutcome> {
  const name = await moveToRejected(ctx.layout, ctx.folder, refusal, ctx.now)
  await saveBundle(ctx.office.db, ctx.folder, {
    state: 'rejected',
    submissionId,
    detail: { reason: refusal.reason, details: refusal.details, at: ctx.now, movedTo: `rejected/${name}` },
    now: ctx.now,
  })
  if (submissionId && !(await findSubmissionRefIn(ctx.office.db, submissionId)))
    writeRejectionReceipt(ctx.office, submissionId, refusal, ctx.now)
  return { kind: 'rejected', reason: refusal.reason, details: refusal.details }
}

async function pending(ctx: Ctx, missing: PathMessage[], settle?: BundleDetail['settle']): Promise<EntryOutcome> {
  const firstSeen = ctx.row?.firstSeenAt ?? ctx.now
  const stalled = Date.parse(ctx.now) - Date.parse(firstSeen) >= ctx.timings.stallMs
  const detail: BundleDetail = { missing }
  if (settle) detail.settle = settle
  await saveBundle(ctx.office.db, ctx.folder, { state: stalled ? 'stalled' : 'pending', detail, now: ctx.now })
  return { kind: 'pending', missing, stalled }
}

/** Waits until `stats` has not changed for the settle time, then rejects. */
function settleOr(ctx: Ctx, stats: Stats, refusal: Refusal, waiting: string): Promise<EntryOutcome> {
  const seen = ctx.row?.detail.settle
  const unchanged = seen && seen.size === stats.size && seen.mtimeMs === stats.mtimeMs
  if (unchanged && Date.parse(ctx.now) - Date.parse(seen.since) >= ctx.timings.settleMs) return reject(ctx, refusal)
  const settle = unchanged ? seen : { size: stats.size, mtimeMs: stats.mtimeMs, since: ctx.now }
  return pending(ctx, [{ path: refusal.details[0]?.path ?? ctx.folder, message: waiting }], settle)
}

/** No manifest: still arriving, or late files of a bundle already ingested (archived once they settle). */
async function noManifest(ctx: Ctx): Promise<EntryOutcome> {
  const known = UUID_RE.test(ctx.folder) ? await findSubmissionRefIn(ctx.office.db, ctx.folder) : undefined
  if (!known) return pending(ctx, [{ path: 'manifest.json', message: 'not here yet' }])
  const stats = lstatSync(ctx.dir)
  const seen = ctx.row?.detail.settle
  const unchanged = seen && seen.mtimeMs === stats.mtimeMs
  if (unchanged && Date.parse(ctx.now) - Date.parse(seen.since) >= ctx.timings.settleMs)
    return duplicate(ctx, ctx.folder)
  return pending(
    ctx,
    [{ path: 'manifest.json', message: 'late files of a bundle already received' }],
    unchanged ? seen : { size: 0, mtimeMs: stats.mtimeMs, since: ctx.now },
  )
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path)
  } catch {
    return null
  }
}

/** File-system trouble that a later scan may not meet again (a vanished file, a lock, a full disk). */
export function isTransientFsError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code
  return (
    typeof code === 'string' &&
    [
      'ENOENT',
      'ENOTDIR',
      'EBUSY',
      'EPERM',
      'EACCES',
      'EIO',
      'ENOSPC',
      'EMFILE',
      'ENFILE',
      'EAGAIN',
      'EDEADLK',
      'ETIMEDOUT',
      'SQLITE_BUSY',
      'SQLITE_FULL',
    ].includes(code)
  )
}
