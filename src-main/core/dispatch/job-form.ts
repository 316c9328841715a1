import { formatMilli, formatMoney } from '../../../src-shared/domain/money'
import type { DispatchEstimateLine, JobForm } from '../../../src-shared/api/dispatch'
import type { Kysely, Selectable } from 'kysely'
import type { EngineDb } from '../db/engine-db'
import type { Database, JobsTable } from '../db/schema'
import type { EstimateRow } from '../jobs/estimate-lines.repo'
import { CloseoutError } from '../errors'

/**
 * A job as the Dispatch form edits it (jobs.form), on the async path of issue #17: the job's
 * row and its estimate read through Kysely's `.execute()` on an `EngineDb`, the SQLite file or
 * PostgreSQL. The edit (jobs.update, dispatch-writes.ts) and the CSV import of jobs compare with
 * the same reading inside their transaction, so all spell a job alike.
 */

/** The job's columns the form shows. */
const FORM_COLUMNS = [
  'id',
  'status',
  'customer_id',
  'site_address',
  'job_type_id',
  'technician_id',
  'scheduled_for',
  'po_number',
  'not_to_exceed_cents',
  'description',
] as const satisfies readonly (keyof JobsTable)[]

export type JobFormRow = Pick<Selectable<JobsTable>, (typeof FORM_COLUMNS)[number]>

const ESTIMATE_COLUMNS = [
  'line_no',
  'kind',
  'sku',
  'role',
  'description',
  'quantity_milli',
  'unit_price_cents',
] as const satisfies readonly (keyof EstimateRow)[]

/** Why the estimate or customer cannot change any more (null while the job is scheduled or sent back). */
export function lockReason(status: string): string | null {
  if (status === 'scheduled' || status === 'sent-back') return null
  if (status === 'void') return 'This job is void: nothing about it can change.'
  if (status === 'invoiced')
    return 'This job is invoiced: change it in the accounting system, or void its export batch first.'
  return 'A closeout has arrived for this job: only the PO number, not-to-exceed and notes can change.'
}

/** The form's spelling of a job: money as "6500.00", quantities as "1.5", lines in their order. */
export function toJobForm(job: JobFormRow, lines: readonly EstimateRow[]): JobForm {
  return {
    id: job.id,
    status: job.status,
    customerId: job.customer_id,
    siteAddress: job.site_address,
    jobTypeId: job.job_type_id,
    technicianId: job.technician_id,
    scheduledFor: job.scheduled_for,
    poNumber: job.po_number,
    notToExceed: job.not_to_exceed_cents == null ? null : formatMoney(job.not_to_exceed_cents),
    description: job.description,
    estimate: lines.map((l): DispatchEstimateLine =>
      l.kind === 'part'
        ? {
            kind: 'part',
            sku: l.sku ?? '',
            quantity: formatMilli(l.quantity_milli),
            ...(l.description != null ? { description: l.description } : {}),
            ...(l.unit_price_cents != null ? { unitPrice: formatMoney(l.unit_price_cents) } : {}),
          }
        : { kind: 'labor', role: l.role ?? '', hours: formatMilli(l.quantity_milli) },
    ),
    locked: lockReason(job.status),
  }
}

/** jobs.form: the job `id` for the Dispatch form (not-found when there is none). */
export async function loadJobForm({ db }: EngineDb, id: string): Promise<JobForm> {
  return jobFormIn(db, id)
}

/** The job as the form spells it, read in `db`: an EngineDb's, or a writer's transaction (jobs.update compares with it). */
export async function jobFormIn(db: Kysely<Database>, id: string): Promise<JobForm> {
  const job = await db.selectFrom('jobs').select(FORM_COLUMNS).where('id', '=', id).executeTakeFirst()
  if (!job) throw new CloseoutError('not-found', `There is no job ${id}`)
  const lines = await db
    .selectFrom('estimate_lines')
    .select(ESTIMATE_COLUMNS)
    .where('job_id', '=', id)
    .orderBy('line_no')
    .execute()
  return toJobForm(job, lines)
}
