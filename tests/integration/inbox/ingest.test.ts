import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RejectionSchema, ReceiptSchema } from '../../../src-shared/schemas/bundle'
import { scanInbox } from '../../../src-main/core/inbox/inbox-scan'
import { inboxHealth, reprocess } from '../../../src-main/core/inbox/health'
import { blobPath } from '../../../src-main/core/store/attachment-store'
import { verifyEventLogIn } from '../../../src-main/core/lifecycle/event-log'
import {
  buildBundle,
  deliverBundle,
  manifestFor,
  openTestOffice,
  writeBundleFiles,
  type TestOffice,
} from './bundle-builder'

let t: TestOffice
beforeEach(async () => {
  t = await openTestOffice()
})
afterEach(async () => {
  await t.cleanup()
})

const q = <T>(sql: string, ...params: unknown[]) => t.office.sqlite.prepare(sql).all(...params) as T[]
const month = () => new Date().toISOString().slice(0, 7)
const rejection = (name: string) =>
  RejectionSchema.parse(JSON.parse(readFileSync(join(t.shared, 'rejected', name, 'REJECTED.json'), 'utf8')))

describe('ingest of a complete bundle', () => {
  it('writes the submission, lines, attachments and events, archives the bundle and writes a receipt', async () => {
    const bundle = buildBundle({
      photos: 2,
      doc: { signature: { file: 'signature.png', signerName: 'Pat Doe' }, exceptions: [] },
      extraFiles: { 'signature.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]) },
    })
    deliverBundle(t.inbox, bundle)
    const summary = await scanInbox(t.office)
    expect(summary).toMatchObject({ ingested: 1, duplicates: 0, rejected: 0, pending: 0 })

    const [sub] = q<Record<string, unknown>>('SELECT * FROM submissions')
    expect(sub).toMatchObject({
      id: bundle.id,
      job_id: 'J-1042',
      technician_id: 'T-07',
      discount_percent_milli: 10000,
      discount_reason: 'Service plan member',
      signer_name: 'Pat Doe',
      archived_path: `archive/${month()}/${bundle.id}`,
    })
    expect(sub?.fingerprint).toMatch(/^[0-9a-f]{64}$/)
    const lines = q<{ kind: string; quantity_milli: number; unit_price_cents: number | null }>(
      'SELECT kind, quantity_milli, unit_price_cents FROM submission_lines ORDER BY line_no',
    )
    expect(lines.map((l) => [l.kind, l.quantity_milli])).toEqual([
      ['labor', 1500],
      ['part', 1000],
      ['part', 500],
      ['adjustment', 1000],
    ])
    expect(lines[1]?.unit_price_cents).toBe(3800)
    expect(lines[2]?.unit_price_cents).toBeNull()
    const attachments = q<{ id: number; file: string; category: string; sha256: string; mime: string }>(
      'SELECT * FROM attachments ORDER BY id',
    )
    expect(attachments.map((a) => [a.file, a.category, a.mime])).toEqual([
      ['photos/photo-1.jpg', 'before', 'image/jpeg'],
      ['photos/photo-2.jpg', 'after', 'image/jpeg'],
      ['signature.png', 'signature', 'image/png'],
    ])
    for (const a of attachments)
      expect(readFileSync(blobPath(t.office.attachmentsDir, a.sha256))).toEqual(bundle.files.get(a.file))
    expect(sub?.signature_attachment_id).toBe(attachments[2]?.id)

    const job = q<{ status: string; current_submission_id: string }>('SELECT * FROM jobs WHERE id = ?', 'J-1042')[0]
    expect(job?.current_submission_id).toBe(bundle.id)
    expect(job?.status).not.toBe('scheduled')
    const events = q<{ type: string }>('SELECT type FROM job_events WHERE job_id = ? ORDER BY id', 'J-1042').map(
      (e) => e.type,
    )
    expect(events.slice(0, 2)).toEqual(['submission-received', 'status-changed'])
    expect((await verifyEventLogIn(t.office.db)).ok).toBe(true)

    expect(existsSync(join(t.inbox, bundle.id))).toBe(false)
    expect(readdirSync(join(t.shared, 'archive', month(), bundle.id)).sort()).toEqual([
      'closeout.json',
      'manifest.json',
      'photos',
      'signature.png',
    ])
    const receipt = ReceiptSchema.parse(
      JSON.parse(readFileSync(join(t.shared, 'receipts', `${bundle.id}.json`), 'utf8')),
    )
    expect(receipt).toMatchObject({ submissionId: bundle.id, jobId: 'J-1042', status: job?.status })
  })

  it('pushes jobs.changed and inbox.changed to the UI', async () => {
    const seen: string[] = []
    t.office.events.on('jobs.changed', () => seen.push('jobs.changed'))
    t.office.events.on('inbox.changed', () => seen.push('inbox.changed'))
    deliverBundle(t.inbox, buildBundle())
    await scanInbox(t.office)
    expect(seen).toEqual(['jobs.changed', 'inbox.changed'])
  })

  it('creates a field job for an unknown job id, and F-<id> for unscheduled work with the customer matched by name', async () => {
    const unknown = buildBundle({ jobId: 'J-9999' })
    const fresh = buildBundle({
      doc: { job: { new: { customerName: 'Pat Doe', siteAddress: '1 Main St', jobType: 'repair' } } },
    })
    const stranger = buildBundle({
      doc: { job: { new: { customerName: 'Nobody Known', siteAddress: '2 Elm St', jobType: 'nope' } } },
    })
    for (const b of [unknown, fresh, stranger]) deliverBundle(t.inbox, b)
    expect((await scanInbox(t.office)).ingested).toBe(3)
    const jobs = q<{
      id: string
      origin: string
      customer_id: string | null
      job_type_id: string | null
      site_address: string
      current_submission_id: string
    }>(`SELECT * FROM jobs WHERE origin = 'field' ORDER BY created_at, id`)
    const byId = Object.fromEntries(jobs.map((j) => [j.id, j]))
    expect(byId['J-9999']).toMatchObject({ origin: 'field', current_submission_id: unknown.id })
    expect(byId[`F-${fresh.id.slice(0, 8)}`]).toMatchObject({
      customer_id: 'C-100',
      job_type_id: 'repair',
      site_address: '1 Main St',
    })
    expect(byId[`F-${stranger.id.slice(0, 8)}`]).toMatchObject({ customer_id: null, job_type_id: null })
    const created = q<{ job_id: string }>(`SELECT job_id FROM job_events WHERE type = 'job-created'`).map(
      (r) => r.job_id,
    )
    expect(created).toHaveLength(3)
  })

  it('makes a resubmission (supersedes) the job current one after a send-back', async () => {
    const first = buildBundle()
    deliverBundle(t.inbox, first)
    await scanInbox(t.office)
    t.office.sqlite.prepare(`UPDATE jobs SET status = 'sent-back' WHERE id = 'J-1042'`).run()
    const second = buildBundle({ doc: { supersedes: first.id } })
    deliverBundle(t.inbox, second)
    expect((await scanInbox(t.office)).ingested).toBe(1)
    const job = q<{ current_submission_id: string; status: string }>(`SELECT * FROM jobs WHERE id = 'J-1042'`)[0]
    expect(job?.current_submission_id).toBe(second.id)
    expect(q<{ supersedes: string }>('SELECT supersedes FROM submissions WHERE id = ?', second.id)[0]?.supersedes).toBe(
      first.id,
    )
    const changes = q<{ data_json: string }>(
      `SELECT data_json FROM job_events WHERE type = 'status-changed' AND job_id = 'J-1042'`,
    ).map((r) => JSON.parse(r.data_json) as { from: string; to: string })
    expect(changes).toContainEqual(expect.objectContaining({ from: 'sent-back', to: 'submitted' }))
  })
})

describe('idempotency', () => {
  it('archives the same bundle delivered again as a duplicate and creates nothing', async () => {
    const bundle = buildBundle()
    deliverBundle(t.inbox, bundle)
    await scanInbox(t.office)
    const before = q<{ n: number }>(
      'SELECT (SELECT COUNT(*) FROM submissions) + (SELECT COUNT(*) FROM attachments) + (SELECT COUNT(*) FROM job_events) AS n',
    )[0]?.n
    deliverBundle(t.inbox, bundle)
    expect(await scanInbox(t.office)).toMatchObject({ ingested: 0, duplicates: 1 })
    expect(
      q<{ n: number }>(
        'SELECT (SELECT COUNT(*) FROM submissions) + (SELECT COUNT(*) FROM attachments) + (SELECT COUNT(*) FROM job_events) AS n',
      )[0]?.n,
    ).toBe(before)
    expect(existsSync(join(t.shared, 'archive', month(), `${bundle.id}.duplicate`))).toBe(true)
  })

  it('rejects the same id with different content as conflicting-resubmission and keeps both', async () => {
    const bundle = buildBundle()
    deliverBundle(t.inbox, bundle)
    await scanInbox(t.office)
    const changed = buildBundle({ id: bundle.id, doc: { workPerformed: { tasks: ['something else'], notes: '' } } })
    deliverBundle(t.inbox, changed)
    expect((await scanInbox(t.office)).rejected).toBe(1)
    expect(rejection(bundle.id).reason).toBe('conflicting-resubmission')
    expect(existsSync(join(t.shared, 'archive', month(), bundle.id))).toBe(true)
    expect(q('SELECT id FROM submissions')).toHaveLength(1)
    // The original's receipt is not overwritten by the refusal.
    expect(JSON.parse(readFileSync(join(t.shared, 'receipts', `${bundle.id}.json`), 'utf8')).jobId).toBe('J-1042')
  })

  it('finishes an ingest that crashed after its commit instead of calling it a duplicate', async () => {
    const bundle = buildBundle()
    deliverBundle(t.inbox, bundle)
    await scanInbox(t.office)
    // Put the archived folder back as if the move had never happened.
    const { renameSync } = await import('node:fs')
    renameSync(join(t.shared, 'archive', month(), bundle.id), join(t.inbox, bundle.id))
    expect(await scanInbox(t.office)).toMatchObject({ ingested: 1, duplicates: 0 })
    expect(existsSync(join(t.shared, 'archive', month(), bundle.id))).toBe(true)
    expect(q('SELECT id FROM submissions')).toHaveLength(1)
  })
})

describe('rejections', () => {
  const cases: [string, (dir: string) => void, string, string][] = [
    [
      'unparseable document',
      (dir) => replaceFile(dir, 'closeout.json', Buffer.from('{"schema": "closeout/v1",')),
      'invalid-document',
      '(root)',
    ],
    [
      'schema violation',
      (dir) => replaceDoc(dir, (d) => ({ ...d, parts: [{ description: 'x', quantity: 'lots' }] })),
      'invalid-document',
      'parts[0].quantity',
    ],
    [
      'document id disagrees',
      (dir) => replaceDoc(dir, (d) => ({ ...d, submissionId: '00000000-0000-4000-8000-000000000000' })),
      'id-mismatch',
      'submissionId',
    ],
    [
      'unsafe manifest path',
      (dir) =>
        editManifest(dir, (m) => ({
          ...m,
          files: [...m.files, { path: '../evil.jpg', size: 1, sha256: 'a'.repeat(64) }],
        })),
      'unsafe-path',
      'files[3].path',
    ],
    [
      'oversized file',
      (dir) =>
        editManifest(dir, (m) => ({
          ...m,
          files: [...m.files, { path: 'big.jpg', size: 26 * 1024 * 1024, sha256: 'a'.repeat(64) }],
        })),
      'too-large',
      'files[3].size',
    ],
    [
      'file larger than listed',
      (dir) => writeFileSync(join(dir, 'photos', 'photo-1.jpg'), Buffer.alloc(5000, 1)),
      'too-large',
      'files[0].size',
    ],
    [
      'manifest of the wrong shape',
      (dir) => editManifest(dir, (m) => ({ ...m, schema: 'closeout-manifest/v9' })),
      'bad-manifest',
      'schema',
    ],
    [
      'document names a file the manifest does not list',
      (dir) => replaceDoc(dir, (d) => ({ ...d, attachments: [{ file: 'photos/ghost.jpg', category: 'other' }] })),
      'invalid-document',
      'attachments[0].file',
    ],
  ]
  for (const [name, damage, reason, path] of cases) {
    it(`${name} -> ${reason}, moved to rejected/ with REJECTED.json naming ${path}`, async () => {
      const bundle = buildBundle()
      const dir = deliverBundle(t.inbox, bundle)
      damage(dir)
      expect(await scanInbox(t.office)).toMatchObject({ rejected: 1, ingested: 0 })
      const r = rejection(bundle.id)
      expect(r.reason).toBe(reason)
      expect(r.details.map((d) => d.path)).toContain(path)
      expect(existsSync(join(t.shared, 'rejected', bundle.id, 'closeout.json'))).toBe(true)
      expect(q('SELECT id FROM submissions')).toHaveLength(0)
      const health = await inboxHealth(t.office)
      expect(health.rejected).toEqual([
        expect.objectContaining({ folder: bundle.id, reason, path: join(t.shared, 'rejected', bundle.id) }),
      ])
      const receipt = JSON.parse(readFileSync(join(t.shared, 'receipts', `${bundle.id}.json`), 'utf8')) as {
        status: string
      }
      expect(receipt.status).toBe('rejected')
    })
  }

  it('waits out the settle time before rejecting an unparseable manifest, and a stray file as not-a-bundle', async () => {
    const bundle = buildBundle()
    const dir = deliverBundle(t.inbox, bundle)
    writeFileSync(join(dir, 'manifest.json'), '{"schema": "closeout-manif')
    writeFileSync(join(t.inbox, 'notes.txt'), 'hello')
    const timings = { settleMs: 150, stallMs: 60_000 }
    expect(await scanInbox(t.office, { timings })).toMatchObject({ pending: 2, rejected: 0 })
    await new Promise((r) => setTimeout(r, 200))
    expect(await scanInbox(t.office, { timings })).toMatchObject({ pending: 0, rejected: 2 })
    expect(rejection(bundle.id).reason).toBe('bad-manifest')
    expect(rejection('notes.txt').reason).toBe('not-a-bundle')
    expect(readFileSync(join(t.shared, 'rejected', 'notes.txt', 'notes.txt'), 'utf8')).toBe('hello')
  })

  it('holds a bundle the office died on alone a third time in the inbox as ingest-crashed, never rejected', async () => {
    const bundle = buildBundle()
    deliverBundle(t.inbox, bundle)
    const now = new Date().toISOString()
    // Two crashes charged already, and a third start (process 999999999, gone) died while it was alone.
    t.office.sqlite
      .prepare(
        `INSERT INTO inbox_bundles (folder, first_seen_at, last_checked_at, attempts, state, detail_json) VALUES (?, ?, ?, 2, 'pending', ?)`,
      )
      .run(bundle.id, now, now, JSON.stringify({ inFlight: { start: '999999999:dead', alone: true, at: now } }))
    expect(await scanInbox(t.office)).toMatchObject({ rejected: 0, ingested: 0, attention: 1 })
    expect(existsSync(join(t.shared, 'rejected', bundle.id))).toBe(false)
    expect(existsSync(join(t.inbox, bundle.id, 'manifest.json'))).toBe(true)
    expect((await inboxHealth(t.office)).needsAttention).toEqual([
      expect.objectContaining({
        folder: bundle.id,
        reason: 'ingest-crashed',
        message: expect.stringMatching(/3 times/),
      }),
    ])
    // Rescans leave it alone; Reprocess ingests it.
    expect(await scanInbox(t.office)).toMatchObject({ ingested: 0, attention: 1 })
    expect(await reprocess(t.office, bundle.id)).toMatchObject({ result: 'ingested' })
  })

  it('reprocesses a fixed rejected bundle into an ingest', async () => {
    const bundle = buildBundle({ jobId: 'J-1043' })
    const dir = deliverBundle(t.inbox, bundle)
    replaceFile(dir, 'closeout.json', Buffer.from('not json'))
    await scanInbox(t.office)
    // The user fixes the document in rejected/ and presses Reprocess.
    const fixedDir = join(t.shared, 'rejected', bundle.id)
    writeFileSync(join(fixedDir, 'closeout.json'), bundle.files.get('closeout.json')!)
    writeFileSync(join(fixedDir, 'manifest.json'), JSON.stringify(bundle.manifest))
    const result = await reprocess(t.office, bundle.id)
    expect(result).toMatchObject({ folder: bundle.id, result: 'ingested' })
    expect((await inboxHealth(t.office)).rejected).toEqual([])
    expect(existsSync(join(t.shared, 'archive', month(), bundle.id, 'REJECTED.json'))).toBe(false)
    await expect(reprocess(t.office, 'nothing-here')).rejects.toThrow(/No rejected bundle/)
  })
})

describe('pending and stalled', () => {
  it('keeps a bundle with missing files pending, names them once stalled, and leaves it in place', async () => {
    const bundle = buildBundle({ photos: 2 })
    const dir = join(t.inbox, bundle.id)
    writeBundleFiles(dir, bundle, { only: ['closeout.json', 'photos/photo-1.jpg'] })
    expect(await scanInbox(t.office, { timings: { settleMs: 10_000, stallMs: 0 } })).toMatchObject({ pending: 1 })
    const health = await inboxHealth(t.office)
    expect(health.stalled).toEqual([
      expect.objectContaining({
        folder: bundle.id,
        missing: [{ path: 'photos/photo-2.jpg', message: 'not here yet' }],
      }),
    ])
    expect(existsSync(dir)).toBe(true)
    writeBundleFiles(dir, bundle, { only: ['photos/photo-2.jpg'] })
    expect(await scanInbox(t.office)).toMatchObject({ ingested: 1 })
    expect(await inboxHealth(t.office)).toMatchObject({ pending: 0, stalled: [] })
  })
})

function replaceFile(dir: string, file: string, data: Buffer): void {
  writeFileSync(join(dir, file), data)
  const files = new Map<string, Buffer>()
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    submissionId: string
    files: { path: string }[]
  }
  for (const f of manifest.files) files.set(f.path, readFileSync(join(dir, f.path)))
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifestFor(manifest.submissionId, files)))
}

function replaceDoc(dir: string, edit: (doc: Record<string, unknown>) => Record<string, unknown>): void {
  const doc = JSON.parse(readFileSync(join(dir, 'closeout.json'), 'utf8')) as Record<string, unknown>
  replaceFile(dir, 'closeout.json', Buffer.from(JSON.stringify(edit(doc))))
}

function editManifest(
  dir: string,
  edit: (m: { schema: string; files: { path: string; size: number; sha256: string }[] }) => unknown,
): void {
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    schema: string
    files: { path: string; size: number; sha256: string }[]
  }
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(edit(m)))
}
