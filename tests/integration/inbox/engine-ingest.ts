import { join } from 'node:path'
import type { EngineDb } from '../../../src-main/core/db/engine-db'
import { parseManifest } from '../../../src-main/core/inbox/bundle-manifest'
import { commitIngests, prepareIngest, type CommitResult } from '../../../src-main/core/inbox/ingest-commit'
import type { EngineOffices } from '../../support/engines'
import { buildBundle, writeBundleFiles, type TestBundle } from './bundle-builder'

/**
 * The inbox's prepare and group commit on an office on either engine, and what it leaves
 * behind row for row: for the suites comparing engines (ingest-engines.test.ts) and ways of
 * writing a group (ingest-quick-way.test.ts).
 */

/** The inbox's prepare of `bundles` (files on disk, hashed and staged into a store) and its group commit. */
export async function ingest(
  engines: EngineOffices,
  edb: EngineDb,
  seat: string,
  bundles: readonly TestBundle[],
  now: string,
): Promise<CommitResult[]> {
  const root = join(engines.demo.root, `seat-${seat}`)
  const store = { attachmentsDir: join(root, 'store') }
  const prepared = bundles.map((bundle) => {
    const dir = join(root, 'inbox', bundle.id)
    writeBundleFiles(dir, bundle)
    const verdict = parseManifest(JSON.stringify(bundle.manifest))
    if (!verdict.ok) throw new Error('bad test manifest')
    const result = prepareIngest(store, dir, bundle.id, verdict.manifest, verdict.fingerprint, now)
    if (result.kind !== 'prepared') throw new Error(`not prepared: ${JSON.stringify(result)}`)
    return result.prepared
  })
  return commitIngests(edb, prepared)
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])

/** Unscheduled work for a customer known by name only (accented), signed: a job the ingest creates. */
export function unscheduledWork(id: string): TestBundle {
  return buildBundle({
    id,
    doc: {
      job: { new: { customerName: 'Rosa Peña', siteAddress: '12 Calle Mayor', jobType: 'repair' } },
      technician: { id: 'T-08', name: 'Lee Park' },
      parts: [{ sku: 'CAP-10', description: '10 MFD capacitor', quantity: 2 }],
      signature: { file: 'signature.png', signerName: 'Rosa Peña' },
      exceptions: [],
    },
    extraFiles: { 'signature.png': SIGNATURE },
  })
}

export const fingerprintOf = (bundle: TestBundle): string => {
  const verdict = parseManifest(JSON.stringify(bundle.manifest))
  if (!verdict.ok) throw new Error('bad test manifest')
  return verdict.fingerprint
}

/** What the ingest leaves behind, row for row (events after `afterEvent`). */
export async function snapshot(edb: EngineDb, afterEvent: number, submissionIds: string[]) {
  const { db } = edb
  const submissions = await db
    .selectFrom('submissions')
    .select([
      'id',
      'job_id',
      'supersedes',
      'technician_id',
      'fingerprint',
      'received_at',
      'discount_percent_milli',
      'signer_name',
      'signature_attachment_id',
      'no_signature_reason',
      'archived_path',
      'findings_json',
      'subtotal_cents',
      'discount_total_cents',
      'tax_cents',
      'total_cents',
    ])
    .where('id', 'in', submissionIds)
    .orderBy('id')
    .execute()
  const jobIds = [...new Set(submissions.map((s) => s.job_id))]
  const jobs = await db
    .selectFrom('jobs')
    .select([
      'id',
      'status',
      'customer_id',
      'site_address',
      'job_type_id',
      'technician_id',
      'origin',
      'current_submission_id',
      'total_cents',
      'updated_at',
    ])
    .where('id', 'in', jobIds)
    .orderBy('id')
    .execute()
  const lines = await db
    .selectFrom('submission_lines')
    .selectAll()
    .where('submission_id', 'in', submissionIds)
    .orderBy('id')
    .execute()
  const attachments = await db
    .selectFrom('attachments')
    .selectAll()
    .where('submission_id', 'in', submissionIds)
    .orderBy('id')
    .execute()
  const bundles = await db
    .selectFrom('inbox_bundles')
    .select(['folder', 'submission_id', 'state', 'detail_json', 'attempts'])
    .where('folder', 'in', submissionIds)
    .orderBy('folder')
    .execute()
  const events = await db
    .selectFrom('job_events')
    .select(['id', 'job_id', 'type', 'actor', 'at', 'data_json', 'prev_hash', 'hash'])
    .where('id', '>', afterEvent)
    .orderBy('id')
    .execute()
  return { jobs, submissions, lines, attachments, bundles, events }
}
