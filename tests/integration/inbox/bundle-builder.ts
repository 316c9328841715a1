import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { openOffice, type SqliteOffice } from '../../../src-main/core/office'

/** A closeout bundle in memory: its files (closeout.json included) and the manifest naming them. */
export interface TestBundle {
  id: string
  doc: Record<string, unknown>
  files: Map<string, Buffer>
  manifest: {
    schema: string
    submissionId: string
    createdAt: string
    files: { path: string; size: number; sha256: string }[]
  }
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')

/**
 * A JPEG-looking blob: the SOI marker and a 640 × 480 frame header, then random bytes. The
 * header is real so the picture-size check reads a sane size (random bytes right after SOI
 * would be read as a frame of any size about one time in twenty).
 */
export function fakeJpeg(size: number): Buffer {
  const header = Buffer.from([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03])
  const b = randomBytes(Math.max(size, header.length))
  header.copy(b, 0)
  return b
}

export function buildBundle(
  options: {
    id?: string
    jobId?: string
    photos?: number
    photoSize?: number
    doc?: Record<string, unknown>
    extraFiles?: Record<string, Buffer>
  } = {},
): TestBundle {
  const id = options.id ?? randomUUID()
  const files = new Map<string, Buffer>()
  const attachments: Record<string, unknown>[] = []
  for (let i = 0; i < (options.photos ?? 2); i++) {
    const path = `photos/photo-${i + 1}.jpg`
    files.set(path, fakeJpeg(options.photoSize ?? 2048))
    attachments.push({ file: path, category: i === 0 ? 'before' : 'after', takenAt: '2026-11-25T12:45:00-05:00' })
  }
  const doc: Record<string, unknown> = {
    schema: 'closeout/v1',
    submissionId: id,
    supersedes: null,
    job: { id: options.jobId ?? 'J-1042' },
    technician: { id: 'T-07', name: 'Sam Ortiz' },
    startedAt: '2026-11-25T12:40:00-05:00',
    completedAt: '2026-11-25T14:03:00-05:00',
    workPerformed: { tasks: ['Replaced run capacitor'], notes: 'Unit cooling.' },
    labor: [{ role: 'journeyman', hours: '1.5', billable: true, overtime: false }],
    parts: [
      { sku: 'CAP-45-5', description: '45/5 MFD capacitor', quantity: 1, unitPrice: '38.00' },
      { description: 'Wire nuts', quantity: '0.5' },
    ],
    adjustments: [{ kind: 'trip-charge', description: 'Trip charge', amount: '49.00' }],
    discount: { percent: '10', reason: 'Service plan member' },
    attachments,
    signature: null,
    exceptions: [{ kind: 'no-signature', reason: 'Customer not on site' }],
    ...options.doc,
  }
  files.set('closeout.json', Buffer.from(JSON.stringify(doc, null, 2)))
  for (const [path, data] of Object.entries(options.extraFiles ?? {})) files.set(path, data)
  return { id, doc, files, manifest: manifestFor(id, files) }
}

export function manifestFor(id: string, files: Map<string, Buffer>): TestBundle['manifest'] {
  return {
    schema: 'closeout-manifest/v1',
    submissionId: id,
    createdAt: '2026-11-25T14:05:12-05:00',
    files: [...files].map(([path, data]) => ({ path, size: data.length, sha256: sha(data) })),
  }
}

/** Writes the bundle's files (and, unless told not to, the manifest last) into `dir`. */
export function writeBundleFiles(
  dir: string,
  bundle: TestBundle,
  options: { manifest?: boolean; only?: string[] } = {},
): void {
  for (const [path, data] of bundle.files) {
    if (options.only && !options.only.includes(path)) continue
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), data)
  }
  if (options.manifest !== false) writeFileSync(join(dir, 'manifest.json'), JSON.stringify(bundle.manifest))
}

/** The writer protocol of spec section 2: inbox/.tmp-<id>/, manifest last, then rename. */
export function deliverBundle(inbox: string, bundle: TestBundle, name = bundle.id): string {
  const temp = join(inbox, `.tmp-${bundle.id}-${randomBytes(3).toString('hex')}`)
  writeBundleFiles(temp, bundle)
  renameSync(temp, join(inbox, name))
  return join(inbox, name)
}

export interface TestOffice {
  root: string
  office: SqliteOffice
  inbox: string
  shared: string
  cleanup(): Promise<void>
}

/** A fresh office in a temp folder with jobs J-1042..J-1044 and technician T-07. */
export async function openTestOffice(): Promise<TestOffice> {
  const root = mkdtempSync(join(tmpdir(), 'closeout-inbox-'))
  const shared = join(root, 'shared')
  mkdirSync(join(shared, 'inbox'), { recursive: true })
  const office = await openOffice({ dataDir: join(root, 'data'), sharedDir: shared })
  seedOffice(office)
  return {
    root,
    office,
    shared,
    inbox: join(shared, 'inbox'),
    async cleanup() {
      await office.close()
      rmSync(root, { recursive: true, force: true })
    },
  }
}

export function seedOffice(office: SqliteOffice): void {
  const now = '2026-11-25T09:00:00.000Z'
  const s = office.sqlite
  s.prepare(`INSERT OR IGNORE INTO technicians (id, name) VALUES ('T-07', 'Sam Ortiz')`).run()
  s.prepare(`INSERT OR IGNORE INTO customers (id, name) VALUES ('C-100', 'Pat Doe')`).run()
  s.prepare(`INSERT OR IGNORE INTO job_types (id, name) VALUES ('repair', 'Repair')`).run()
  for (const id of ['J-1042', 'J-1043', 'J-1044']) {
    s.prepare(
      `INSERT OR IGNORE INTO jobs (id, customer_id, job_type_id, technician_id, status, origin, created_at, updated_at)
       VALUES (?, 'C-100', 'repair', 'T-07', 'scheduled', 'dispatch', ?, ?)`,
    ).run(id, now, now)
  }
}

/** The id of the `n`th job seedDispatchedJobs adds. */
export const dispatchedJobId = (n: number): string => `J-${20000 + n}`

/**
 * `count` more dispatched jobs for T-07 at C-100 (J-20000 on): a backlog of closeouts one per
 * job, as a week of field work sends it (the benches of issue #17).
 */
export function seedDispatchedJobs(office: SqliteOffice, count: number): void {
  const now = '2026-11-25T09:00:00.000Z'
  const insert = office.sqlite.prepare(
    `INSERT INTO jobs (id, customer_id, job_type_id, technician_id, status, origin, created_at, updated_at)
     VALUES (?, 'C-100', 'repair', 'T-07', 'scheduled', 'dispatch', ?, ?)`,
  )
  office.sqlite.transaction(() => {
    for (let n = 0; n < count; n++) insert.run(dispatchedJobId(n), now, now)
  })()
}
