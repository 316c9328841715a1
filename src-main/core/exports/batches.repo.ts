import type { Selectable } from 'kysely'
import { BatchSchema, type Batch } from '../../../src-shared/api/exports'
import type { ExportBatchesTable } from '../db/schema'
import { CloseoutError } from '../errors'
import type { Office } from '../office'

type BatchRow = Selectable<ExportBatchesTable>

function jobsOf(office: Office, batchId: number): Batch['jobs'] {
  const rows = office.sqlite
    .prepare(
      `SELECT b.job_id, b.invoice_number, IFNULL(c.name, '') AS customer, IFNULL(s.total_cents, 0) AS total_cents
       FROM export_batch_jobs b JOIN jobs j ON j.id = b.job_id LEFT JOIN customers c ON c.id = j.customer_id
       LEFT JOIN submissions s ON s.id = j.current_submission_id WHERE b.batch_id = ? ORDER BY b.rowid`,
    )
    .all(batchId) as { job_id: string; invoice_number: string; customer: string; total_cents: number }[]
  return rows.map((r) => ({
    jobId: r.job_id,
    invoiceNumber: r.invoice_number,
    customer: r.customer,
    totalCents: r.total_cents,
  }))
}

function toBatch(office: Office, row: BatchRow): Batch {
  const jobs = jobsOf(office, row.id)
  return BatchSchema.parse({
    id: row.id,
    format: row.format,
    createdAt: row.created_at,
    createdBy: row.created_by,
    createdByName: creatorName(office, row.created_by),
    status: row.status,
    voidReason: row.void_reason,
    voidedAt: row.voided_at,
    importedAt: row.imported_at,
    importedBy: row.imported_by,
    importedByName: row.imported_by === null ? null : creatorName(office, row.imported_by),
    files: JSON.parse(row.files_json) as unknown,
    jobs,
    totalCents: jobs.reduce((n, j) => n + j.totalCents, 0),
  })
}

export function getBatch(office: Office, batchId: number): Batch {
  const row = office.sqlite.prepare('SELECT * FROM export_batches WHERE id = ?').get(batchId) as BatchRow | undefined
  if (!row) throw new CloseoutError('not-found', `There is no export batch ${batchId}`)
  return toBatch(office, row)
}

/** Newest first. */
export function listBatches(office: Office, limit = 50): Batch[] {
  const rows = office.sqlite.prepare('SELECT * FROM export_batches ORDER BY id DESC LIMIT ?').all(limit) as BatchRow[]
  return rows.map((r) => toBatch(office, r))
}

/** 'U-1' -> "Dana Kim (billing)"; exports started without a signed-in user keep their origin's name. */
function creatorName(office: Office, createdBy: string): string {
  const user = office.sqlite.prepare('SELECT name FROM users WHERE id = ?').get(createdBy) as
    { name: string } | undefined
  if (user) return user.name
  return createdBy === 'cli' ? 'the command line' : createdBy === 'office' ? 'the office app' : createdBy
}
