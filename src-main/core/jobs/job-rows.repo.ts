import { type Insertable, type Kysely, type Selectable } from 'kysely'
import type { JobStatus } from '../../../src-shared/domain/status'
import type { Database, JobsTable } from '../db/schema'
import type { EngineName } from '../db/engine-db'
import { highestNumbered, textList, valueByKey } from '../db/sql-fragments'

/**
 * The jobs table's one writer of new rows and its small lookups. Every job starts scheduled,
 * with no closeout, invoice or dispute; what differs by origin (dispatch, setup file, a
 * closeout from the field, the demo) is named by the caller.
 */
export type NewJob = Pick<
  Insertable<JobsTable>,
  'id' | 'customer_id' | 'site_address' | 'job_type_id' | 'technician_id' | 'description' | 'origin' | 'created_at'
> &
  Partial<Pick<Insertable<JobsTable>, 'scheduled_for' | 'po_number' | 'not_to_exceed_cents'>>

const jobInsert = (db: Kysely<Database>, job: NewJob) =>
  db.insertInto('jobs').values({
    id: job.id,
    customer_id: job.customer_id,
    site_address: job.site_address,
    job_type_id: job.job_type_id,
    technician_id: job.technician_id,
    scheduled_for: job.scheduled_for ?? null,
    po_number: job.po_number ?? null,
    not_to_exceed_cents: job.not_to_exceed_cents ?? null,
    description: job.description,
    status: 'scheduled' satisfies JobStatus,
    origin: job.origin,
    current_submission_id: null,
    invoice_number: null,
    total_cents: null,
    void_reason: null,
    disputed_at: null,
    dispute_reason: null,
    created_at: job.created_at,
    updated_at: job.created_at,
  })

/** A new job's row, in `trx` (a withTransaction body's transaction), on either engine (issue #17). */
export async function insertJobRowIn(trx: Kysely<Database>, job: NewJob): Promise<void> {
  await jobInsert(trx, job).execute()
}

/** What ingest needs to link a closeout to its job. */
export interface JobLink {
  id: string
  status: JobStatus
  technicianId: string | null
  currentSubmissionId: string | null
}

const jobLinkQuery = (db: Kysely<Database>, id: string) =>
  db.selectFrom('jobs').select(['id', 'status', 'technician_id', 'current_submission_id']).where('id', '=', id)

/** findJobLink on the async path (issue #17): in `trx`, the ingest's transaction, on either engine. */
export async function findJobLinkIn(trx: Kysely<Database>, id: string): Promise<JobLink | undefined> {
  const row = await jobLinkQuery(trx, id).executeTakeFirst()
  return row && rowToJobLink(row)
}

/** findJobLinkIn for many jobs at once (the ingest's group): the ones that exist, by id. */
export async function findJobLinksIn(
  trx: Kysely<Database>,
  engine: EngineName,
  ids: readonly string[],
): Promise<Map<string, JobLink>> {
  if (ids.length === 0) return new Map()
  const rows = await trx
    .selectFrom('jobs')
    .select(['id', 'status', 'technician_id', 'current_submission_id'])
    .where('id', 'in', textList(engine, [...new Set(ids)]))
    .execute()
  return new Map(rows.map((row) => [row.id, rowToJobLink(row)]))
}

function rowToJobLink(row: Pick<JobsTable, 'id' | 'status' | 'technician_id' | 'current_submission_id'>): JobLink {
  return {
    id: row.id,
    status: row.status as JobStatus,
    technicianId: row.technician_id,
    currentSubmissionId: row.current_submission_id,
  }
}

const jobIdQuery = (db: Kysely<Database>, id: string) => db.selectFrom('jobs').select('id').where('id', '=', id)

/** jobExists on the async path (issue #17): in `trx`, a withTransaction body's transaction. */
export async function jobExistsIn(trx: Kysely<Database>, id: string): Promise<boolean> {
  return (await jobIdQuery(trx, id).executeTakeFirst()) !== undefined
}

/** The job's status now (undefined: no such job). */
const jobStatusQuery = (db: Kysely<Database>, id: string) => db.selectFrom('jobs').select('status').where('id', '=', id)

export async function jobStatusIn(trx: Kysely<Database>, id: string): Promise<JobStatus | undefined> {
  return (await jobStatusQuery(trx, id).executeTakeFirst())?.status as JobStatus | undefined
}

/**
 * Writes a status only if the job is still `from` (another window may have decided first),
 * with what changes together with it. Answers whether it was written. lifecycle/job-status.ts
 * is the one caller: it checks the transition and logs the change.
 */
type StatusWrite = {
  jobId: string
  from: JobStatus
  to: JobStatus
  at: string
  invoiceNumber?: string | undefined
  currentSubmissionId?: string | undefined
  totalCents?: number | undefined
}

const statusUpdate = (db: Kysely<Database>, change: StatusWrite) =>
  db
    .updateTable('jobs')
    .set({
      status: change.to,
      ...(change.invoiceNumber !== undefined && { invoice_number: change.invoiceNumber }),
      ...(change.currentSubmissionId !== undefined && { current_submission_id: change.currentSubmissionId }),
      ...(change.totalCents !== undefined && { total_cents: change.totalCents }),
      updated_at: change.at,
    })
    .where('id', '=', change.jobId)
    .where('status', '=', change.from)

/** writeJobStatus on the async path (issue #17): in `trx`, a withTransaction body's transaction, on either engine. */
export async function writeJobStatusIn(trx: Kysely<Database>, change: StatusWrite): Promise<boolean> {
  const result = await statusUpdate(trx, change).executeTakeFirst()
  return result.numUpdatedRows === 1n
}

/**
 * writeJobStatusIn for many jobs (an export's batch): one UPDATE per 200 when every write sets
 * the same fields (each row its own values, valueByKey), else one each. Answers the ids written:
 * a job missing was no longer at its `from`.
 */
export async function writeJobStatusesIn(trx: Kysely<Database>, changes: readonly StatusWrite[]): Promise<Set<string>> {
  const written = new Set<string>()
  const shape = (c: StatusWrite) =>
    [c.invoiceNumber, c.currentSubmissionId, c.totalCents].map((v) => (v === undefined ? 0 : 1)).join('')
  const sameShape = changes.every((c) => shape(c) === shape(changes[0]!))
  if (!sameShape || changes.length === 1) {
    for (const change of changes) if (await writeJobStatusIn(trx, change)) written.add(change.jobId)
    return written
  }
  for (let i = 0; i < changes.length; i += 200) {
    const chunk = changes.slice(i, i + 200)
    const first = chunk[0]!
    const each = <V extends string | number>(value: (c: StatusWrite) => V, type: 'bigint' | 'text') =>
      valueByKey(
        'id',
        chunk.map((c) => [c.jobId, value(c)]),
        type,
      )
    const rows = await trx
      .updateTable('jobs')
      .set({
        status: each((c) => c.to, 'text'),
        ...(first.invoiceNumber !== undefined && { invoice_number: each((c) => c.invoiceNumber!, 'text') }),
        ...(first.currentSubmissionId !== undefined && {
          current_submission_id: each((c) => c.currentSubmissionId!, 'text'),
        }),
        ...(first.totalCents !== undefined && { total_cents: each((c) => c.totalCents!, 'bigint') }),
        updated_at: each((c) => c.at, 'text'),
      })
      .where(
        'id',
        'in',
        chunk.map((c) => c.jobId),
      )
      .where(
        'status',
        '=',
        each((c) => c.from, 'text'),
      )
      .returning('id')
      .execute()
    for (const row of rows) written.add(row.id)
  }
  return written
}

const voidReasonUpdate = (db: Kysely<Database>, id: string, reason: string) =>
  db.updateTable('jobs').set({ void_reason: reason }).where('id', '=', id)

/** setVoidReason on the async path (issue #17): in `trx`, a withTransaction body's transaction. */
export async function setVoidReasonIn(trx: Kysely<Database>, id: string, reason: string): Promise<void> {
  await voidReasonUpdate(trx, id, reason).execute()
}

/** A customer disputed the invoiced job (the demo's history), in `trx`, on either engine (issue #17). */
export async function markDisputedIn(
  trx: Kysely<Database>,
  id: string,
  dispute: { at: string; reason: string },
): Promise<void> {
  await trx
    .updateTable('jobs')
    .set({ disputed_at: dispute.at, dispute_reason: dispute.reason, updated_at: dispute.at })
    .where('id', '=', id)
    .execute()
}

const jobRowQuery = (db: Kysely<Database>, id: string) => db.selectFrom('jobs').selectAll().where('id', '=', id)

/** findJobRow on the async path (issue #17): in `trx`, a withTransaction body's transaction, or an EngineDb's db. */
export async function findJobRowIn(trx: Kysely<Database>, id: string): Promise<Selectable<JobsTable> | undefined> {
  return jobRowQuery(trx, id).executeTakeFirst()
}

/** The columns dispatch, the setup file and imports may change; status has its own path. */
export type JobFieldColumns = Partial<
  Pick<
    JobsTable,
    | 'customer_id'
    | 'site_address'
    | 'job_type_id'
    | 'technician_id'
    | 'scheduled_for'
    | 'po_number'
    | 'not_to_exceed_cents'
    | 'description'
  >
>

const fieldsUpdate = (db: Kysely<Database>, id: string, fields: JobFieldColumns, at: string) =>
  db
    .updateTable('jobs')
    .set({ ...fields, updated_at: at })
    .where('id', '=', id)

/** writeJobFields on the async path (issue #17): in `trx`, a withTransaction body's transaction. */
export async function writeJobFieldsIn(
  trx: Kysely<Database>,
  id: string,
  fields: JobFieldColumns,
  at: string,
): Promise<void> {
  await fieldsUpdate(trx, id, fields, at).execute()
}

/**
 * The highest n of the jobs numbered "J-<n>" (digits after "J-", anything after them ignored).
 * PostgreSQL has no GLOB and refuses to cast "12a" to a number, so it takes the digits by a
 * regular expression: the same n on both engines.
 */
const highestJobNumberQuery = (db: Kysely<Database>, engine: EngineName) => {
  const { n, numbered } = highestNumbered(engine, 'J')
  return db.selectFrom('jobs').select(n.as('n')).where(numbered)
}

/**
 * The highest n of the jobs numbered "J-<n>" (null: none yet), in `trx`: inside the transaction that inserts
 * the next job, so on PostgreSQL two seats that read the same highest number cannot both commit
 * (SERIALIZABLE fails one, and withTransaction runs it again on the other's job).
 */
export async function highestJobNumberIn(trx: Kysely<Database>, engine: EngineName): Promise<number | null> {
  const n = (await highestJobNumberQuery(trx, engine).executeTakeFirst())?.n
  return n == null ? null : Number(n)
}

/** The job gives up its closeout (moved to another job) and is voided with this reason. */
const releaseUpdate = (db: Kysely<Database>, id: string, voidReason: string) =>
  db
    .updateTable('jobs')
    .set({ current_submission_id: null, total_cents: null, void_reason: voidReason })
    .where('id', '=', id)

/** Releases the closeout, in `trx` (a withTransaction body's transaction). */
export async function releaseCloseoutIn(trx: Kysely<Database>, id: string, voidReason: string): Promise<void> {
  await releaseUpdate(trx, id, voidReason).execute()
}

const dispatchedUpdate = (db: Kysely<Database>, id: string) =>
  db.updateTable('jobs').set({ origin: 'dispatch' }).where('id', '=', id)

/** A field job the office adopted: from now on it is one the office dispatched. In `trx`. */
export async function markDispatchedIn(trx: Kysely<Database>, id: string): Promise<void> {
  await dispatchedUpdate(trx, id).execute()
}

/** highestInvoiceNumber on the async path (issue #17): in `trx` (or an EngineDb's db), either engine. */
export async function highestInvoiceNumberIn(trx: Kysely<Database>, prefix: string): Promise<number> {
  return highestOf(await invoiceNumbersQuery(trx, prefix).execute(), prefix)
}

const invoiceNumbersQuery = (db: Kysely<Database>, prefix: string) =>
  db
    .selectFrom('jobs')
    .select('invoice_number')
    .where('invoice_number', 'is not', null)
    .where((eb) => eb.fn('substr', ['invoice_number', eb.val(1), eb.val(prefix.length)]), '=', prefix)

const highestOf = (used: { invoice_number: string | null }[], prefix: string): number =>
  used
    .map((r) => (r.invoice_number ?? '').slice(prefix.length))
    .filter((n) => /^\d+$/.test(n))
    .reduce((max, n) => Math.max(max, Number(n)), 0)

/** The rules priced the job's current closeout: its total, and the closeout it now shows (if none yet). */
type JobPricing = { totalCents: number; at: string; currentSubmissionId?: string | undefined }

const pricingUpdate = (db: Kysely<Database>, id: string, priced: JobPricing) =>
  db
    .updateTable('jobs')
    .set({
      total_cents: priced.totalCents,
      updated_at: priced.at,
      ...(priced.currentSubmissionId !== undefined ? { current_submission_id: priced.currentSubmissionId } : {}),
    })
    .where('id', '=', id)

/** writeJobPricing on the async path (issue #17): in `trx`, a withTransaction body's transaction. */
export async function writeJobPricingIn(trx: Kysely<Database>, id: string, priced: JobPricing): Promise<void> {
  await pricingUpdate(trx, id, priced).execute()
}
