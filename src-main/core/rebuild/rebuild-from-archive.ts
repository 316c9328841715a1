import { existsSync } from 'node:fs'
import { CloseoutError } from '../errors'
import { saveBundle } from '../inbox/bundles.repo'
import { hasAnySubmissionIn, setArchivedPathIn } from '../jobs/submissions.repo'
import { hasCompany } from '../setup/company-reads.repo'
import { commitIngests, prepareIngest, type PreparedIngest } from '../inbox/ingest-commit'
import { sharedLayout } from '../inbox/layout'
import type { Office } from '../office'
import { discardBlobs } from '../store/blob-staging'
import { listArchivedBundles, type ArchivedBundle } from './archived-bundles'
import { settleFromReceipts, type ReceiptSettlement } from './settle-from-receipts'

/** What lives only in the database, said plainly in every rebuild report. */
export const CANNOT_COME_BACK = [
  'approvals and send-backs (jobs that needed one need it again)',
  'export batches and their files',
  'invoice numbers the receipts do not carry',
  'edits the office made to lines and prices',
  'voids without a receipt, disputes, and the event log before the rebuild',
  'which packets were sent by e-mail',
]

/** Imported payments live only in the database (docs/payments.md): said on a line of its own. */
export const PAYMENTS_NOT_SHARED =
  'Payments are not in the shared folder: import them again (Dispatch > Import, or closeout import payments FILE).'

export interface RebuildReport extends ReceiptSettlement {
  archive: string
  bundles: number
  ingested: number
  duplicates: number
  failed: { folder: string; reason: string }[]
  jobs: number
  cannotComeBack: string[]
  /** PAYMENTS_NOT_SHARED. */
  payments: string
}

/** Bundles committed per transaction: the inbox's own group size for a backlog. */
const GROUP = 32

/**
 * The office when there is no backup: re-ingests every bundle in the shared folder's
 * `archive/` into a fresh office (its setup imported first) in the order they were first
 * received, through the same rules as the inbox, then settles each job from its receipt
 * (exported jobs come back invoiced with their numbers, so nobody bills them twice) and marks
 * every rebuilt job in its history under `actor` (the admin who ran it). The bundles stay where
 * they are.
 */
export async function rebuildFromArchive(office: Office, actor?: string): Promise<RebuildReport> {
  await refuseUnlessFresh(office)
  const layout = sharedLayout(office)
  if (!existsSync(layout.archive))
    throw new CloseoutError('not-found', `There is no archive folder at ${layout.archive}; check --shared`)
  const listing = listArchivedBundles(layout)
  const failed = [...listing.unreadable]
  const rebuilt: ArchivedBundle[] = []
  for (let i = 0; i < listing.bundles.length; i += GROUP) {
    const group = listing.bundles.slice(i, i + GROUP)
    const prepared: { bundle: ArchivedBundle; prepared: PreparedIngest }[] = []
    for (const bundle of group) {
      const receivedAt = new Date(bundle.receivedAt).toISOString()
      const result = prepareIngest(office, bundle.dir, bundle.folder, bundle.manifest, bundle.fingerprint, receivedAt)
      if (result.kind === 'prepared') prepared.push({ bundle, prepared: result.prepared })
      else failed.push({ folder: bundle.archivedPath, reason: whyNot(result) })
    }
    const results = await commitIngests(
      office,
      prepared.map((p) => p.prepared),
    )
    for (const [k, result] of results.entries()) {
      const { bundle, prepared: p } = prepared[k]!
      if (result.kind === 'ingested') {
        await keepArchivedPath(office, bundle)
        rebuilt.push(bundle)
        continue
      }
      discardBlobs(p.files.map((f) => f.blob))
      failed.push({
        folder: bundle.archivedPath,
        reason:
          result.kind === 'pending'
            ? `files do not match manifest.json: ${result.missing.map((m) => m.path).join(', ')}`
            : String((result.error as Error)?.message ?? result.error),
      })
    }
  }
  const settlement = await settleFromReceipts(office, rebuilt, actor)
  office.events.emit('jobs.changed', { reason: 'ingest', jobIds: null })
  return {
    archive: layout.archive,
    bundles: listing.bundles.length + listing.unreadable.length,
    ingested: rebuilt.length,
    duplicates: listing.duplicates,
    failed,
    ...settlement,
    cannotComeBack: CANNOT_COME_BACK,
    payments: PAYMENTS_NOT_SHARED,
  }
}

async function refuseUnlessFresh(office: Office): Promise<void> {
  if (!(await hasCompany(office)))
    throw new CloseoutError(
      'setup-missing',
      'Import the office setup first (closeout setup import FILE): the rules need the job types, price book and jobs',
    )
  if (await hasAnySubmissionIn(office.db))
    throw new CloseoutError(
      'office-not-fresh',
      'This office already holds closeouts; rebuild only into a fresh office (a new --data folder after setup import)',
    )
}

/** The inbox names the archive folder by the time it received a bundle; keep the folder it is really in. */
async function keepArchivedPath(office: Office, bundle: ArchivedBundle): Promise<void> {
  await setArchivedPathIn(office.db, bundle.manifest.submissionId, bundle.archivedPath)
  await saveBundle(office.db, bundle.folder, {
    state: 'ingested',
    submissionId: bundle.manifest.submissionId,
    detail: { movedTo: bundle.archivedPath },
    now: new Date().toISOString(),
  })
}

function whyNot(result: Exclude<ReturnType<typeof prepareIngest>, { kind: 'prepared' }>): string {
  if (result.kind === 'pending')
    return `files do not match manifest.json: ${result.missing.map((m) => m.path).join(', ')}`
  const first = result.refusal.details[0]
  return `${result.refusal.reason}${first ? ` (${first.path}: ${first.message})` : ''}`
}
