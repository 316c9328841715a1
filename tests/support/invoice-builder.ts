import { createHash, randomUUID } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { percentOf, sumCents } from '../../src-shared/domain/money'
import { allocate } from '../../src-shared/domain/pricing'
import { withTransaction } from '../../src-main/core/db/engine-db'
import { appendEventsIn } from '../../src-main/core/lifecycle/event-log'
import type { SqliteOffice } from '../../src-main/core/office'
import { blobPath } from '../../src-main/core/store/attachment-store'
import { ROOT } from './temp-office'

export interface BuiltLine {
  kind: 'labor' | 'part' | 'adjustment'
  description: string
  sku?: string
  role?: string
  adjustmentKind?: string
  quantityMilli: number
  amountCents: number | null
  taxable?: boolean
  removed?: boolean
}

export interface BuiltPhoto {
  /** A file under tests/fixtures/packets. */
  fixture: string
  category: 'before' | 'after' | 'serial-plate' | 'other' | 'signature'
  takenAt?: string
}

export interface ReadyJob {
  jobId: string
  lines: BuiltLine[]
  completedAt?: string
  discountCents?: number
  discountPercentMilli?: number
  discountReason?: string
  photos?: BuiltPhoto[]
  signerName?: string | null
  noSignatureReason?: string
  submissionId?: string
  /** Override the computed tax (to build a job whose numbers do not add up). */
  taxCents?: number
  /** The technician's optional GPS fix (closeout/v1 `location`). */
  location?: { lat: number; lon: number; accuracyM?: number }
}

export const FIXTURE_PHOTOS = join(ROOT, 'tests', 'fixtures', 'packets')

/**
 * Puts a job in `invoice-ready` with a priced submission written directly (known cents), so
 * export and packet tests do not depend on the inbox or the rules engine. Totals follow the
 * pricing rules: discount shared across lines, tax once on the taxable remainder.
 */
export async function addReadyJob(office: SqliteOffice, spec: ReadyJob): Promise<string> {
  const { sqlite } = office
  const submissionId = spec.submissionId ?? randomUUID()
  const completedAt = spec.completedAt ?? '2026-11-24T14:03:00-06:00'
  const job = sqlite
    .prepare('SELECT j.id, c.tax_id FROM jobs j LEFT JOIN customers c ON c.id = j.customer_id WHERE j.id = ?')
    .get(spec.jobId) as { id: string; tax_id: string | null } | undefined
  if (!job) throw new Error(`no job ${spec.jobId} in the demo setup`)
  const rate = job.tax_id
    ? (sqlite.prepare('SELECT rate_milli FROM taxes WHERE id = ?').get(job.tax_id) as { rate_milli: number }).rate_milli
    : 0
  const kept = spec.lines.filter((l) => !l.removed)
  const amounts = kept.map((l) => l.amountCents ?? 0)
  const subtotal = sumCents(amounts)
  const discount = spec.discountCents ?? 0
  const shares = allocate(discount, amounts)
  const taxable = Math.max(
    0,
    sumCents(kept.map((l, i) => ((l.taxable ?? l.kind === 'part') ? (l.amountCents ?? 0) - (shares[i] ?? 0) : 0))),
  )
  const tax = spec.taxCents ?? (rate ? percentOf(taxable, rate) : 0)
  const signer = spec.signerName === undefined ? 'Pat Doe' : spec.signerName
  const doc = {
    schema: 'closeout/v1',
    submissionId,
    job: { id: spec.jobId },
    technician: { id: 'T-07', name: 'Sam Ortiz' },
    completedAt,
    ...(spec.location ? { location: spec.location } : {}),
    workPerformed: {
      tasks: ['Replaced run capacitor', 'Checked refrigerant charge'],
      notes: 'Unit cooling at 18F split.',
    },
    labor: [],
    parts: [],
    attachments: (spec.photos ?? [])
      .filter((p) => p.category !== 'signature')
      .map((p) => ({ file: `photos/${p.fixture}`, category: p.category, takenAt: p.takenAt })),
    ...(signer
      ? { signature: { file: 'signature.png', signerName: signer, signedAt: completedAt } }
      : { exceptions: [{ kind: 'no-signature', reason: spec.noSignatureReason ?? 'Customer not on site' }] }),
  }
  sqlite.transaction(() => {
    sqlite
      .prepare(
        `INSERT INTO submissions (id, job_id, technician_id, fingerprint, document_json, completed_at, received_at, discount_percent_milli,
           discount_reason, signer_name, signed_at, no_signature_reason, findings_json, subtotal_cents, discount_total_cents, tax_cents, total_cents)
         VALUES (?, ?, 'T-07', ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?, ?)`,
      )
      .run(
        submissionId,
        spec.jobId,
        createHash('sha256').update(submissionId).digest('hex'),
        JSON.stringify(doc),
        completedAt,
        completedAt,
        spec.discountPercentMilli ?? null,
        spec.discountReason ?? (discount ? 'Service plan member' : null),
        signer,
        signer ? completedAt : null,
        signer ? null : (spec.noSignatureReason ?? 'Customer not on site'),
        subtotal,
        discount,
        tax,
        subtotal - discount + tax,
      )
    spec.lines.forEach((l, i) => {
      sqlite
        .prepare(
          `INSERT INTO submission_lines (submission_id, line_no, kind, role, sku, description, quantity_milli, adjustment_kind, amount_cents, taxable, removed)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          submissionId,
          i + 1,
          l.kind,
          l.role ?? null,
          l.sku ?? null,
          l.description,
          l.quantityMilli,
          l.adjustmentKind ?? null,
          l.amountCents,
          (l.taxable ?? l.kind === 'part') ? 1 : 0,
          l.removed ? 1 : 0,
        )
    })
    const photos = [
      ...(spec.photos ?? []),
      ...(signer ? [{ fixture: 'signature.png', category: 'signature' as const }] : []),
    ]
    for (const p of photos) {
      const bytes = readFileSync(join(FIXTURE_PHOTOS, p.fixture))
      const sha = createHash('sha256').update(bytes).digest('hex')
      mkdirSync(dirname(blobPath(office.attachmentsDir, sha)), { recursive: true })
      writeFileSync(blobPath(office.attachmentsDir, sha), bytes)
      const file = p.category === 'signature' ? 'signature.png' : `photos/${p.fixture}`
      const id = sqlite
        .prepare(
          'INSERT INTO attachments (submission_id, file, category, sha256, size, taken_at, mime) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          submissionId,
          file,
          p.category,
          sha,
          bytes.length,
          p.takenAt ?? null,
          p.fixture.endsWith('.png') ? 'image/png' : 'image/jpeg',
        ).lastInsertRowid
      if (p.category === 'signature')
        sqlite.prepare('UPDATE submissions SET signature_attachment_id = ? WHERE id = ?').run(Number(id), submissionId)
    }
    sqlite
      .prepare(
        `UPDATE jobs SET status = 'invoice-ready', current_submission_id = ?, total_cents = ?, updated_at = ? WHERE id = ?`,
      )
      .run(submissionId, subtotal - discount + tax, completedAt, spec.jobId)
  })()
  await withTransaction(office, (trx) =>
    appendEventsIn(trx, [
      {
        jobId: spec.jobId,
        type: 'submission-received',
        actor: 'T-07',
        at: completedAt,
        data: { submissionId, completedAt, technicianId: 'T-07' },
      },
      {
        jobId: spec.jobId,
        type: 'status-changed',
        actor: 'rules',
        at: completedAt,
        data: { from: 'scheduled', to: 'invoice-ready' },
      },
    ]),
  )
  return submissionId
}

/** A copy of a demo job under a new id (for batches larger than the demo's 20 jobs). */
export function cloneJob(office: SqliteOffice, fromId: string, newId: string): void {
  office.sqlite
    .prepare(
      `INSERT INTO jobs (id, customer_id, site_address, job_type_id, technician_id, scheduled_for, po_number, not_to_exceed_cents, description, status, origin, created_at, updated_at)
       SELECT ?, customer_id, site_address, job_type_id, technician_id, scheduled_for, po_number, not_to_exceed_cents, description, 'scheduled', origin, created_at, updated_at
       FROM jobs WHERE id = ?`,
    )
    .run(newId, fromId)
}

/** Maps the trip charge and the discount in every system (the demo setup file has no adjustment mappings). */
export function mapAdjustments(office: SqliteOffice): void {
  const insert = office.sqlite.prepare(
    'INSERT OR REPLACE INTO accounting_mappings (kind, ref, system, name) VALUES (?, ?, ?, ?)',
  )
  for (const [ref, names] of [
    ['trip-charge', { qbo: 'Trip Charge', xero: 'TRIP', iif: 'Trip Charge' }],
    ['discount', { qbo: 'Discount', xero: 'DISC', iif: 'Discount' }],
  ] as const) {
    for (const [system, name] of Object.entries(names)) insert.run('adjustment', ref, system, name)
  }
}

/** A typical repair: 1.5 h journeyman, a capacitor, a trip charge (labor untaxed, parts taxed). */
export function repairLines(): BuiltLine[] {
  return [
    {
      kind: 'labor',
      role: 'journeyman',
      description: 'Journeyman technician',
      quantityMilli: 1500,
      amountCents: 18750,
      taxable: false,
    },
    {
      kind: 'part',
      sku: 'CAP-45-5',
      description: '45/5 MFD dual run capacitor',
      quantityMilli: 1000,
      amountCents: 3800,
      taxable: true,
    },
  ]
}
