import { JobCreateInputSchema } from '../../../src-shared/api/dispatch'
import { IdSchema } from '../../../src-shared/schemas/primitives'
import type { Kysely } from 'kysely'
import type { EngineName } from '../db/engine-db'
import type { Database } from '../db/schema'
import { insertJobIn, nextJobIdIn, writeJobChangesIn } from '../dispatch/dispatch-writes'
import { changesAgainst, type JobFields } from '../dispatch/job-fields'
import { jobFormIn } from '../dispatch/job-form'
import { jobStatusIn } from '../jobs/job-rows.repo'
import { customerAddressIn, idsAndNames } from '../setup/catalog-reads.repo'
import { cleanPrice, pick, type CsvRecord, type CsvTable } from './csv-table'
import { firstSeen, RowCheck, type ImportPlan, type PlannedRow, type TrxWrite } from './import-plan'

export const JOB_KEY_COLUMNS = ['customerid', 'customer', 'siteaddress'] as const

/** The two ways a scheduled date may be written, as the preview names them. */
export const DATE_FORMAT_LABELS = {
  iso: 'ISO dates, year-month-day (YYYY-MM-DD)',
  us: 'US dates, month/day/year (MM/DD/YYYY)',
} as const
export type ScheduledDateFormat = keyof typeof DATE_FORMAT_LABELS

const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2}))?$/
// What QuickBooks, Excel and most US schedulers write: 12/7/2026, 12/07/2026 8:30, 12/7/2026 2:30 PM.
const US_LOCAL = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?:\s*([AaPp])\.?[Mm]\.?)?)?$/

/**
 * "2026-11-25 08:00", "2026-11-25T08:00", "2026-11-25" (8:00), or the US "11/25/2026",
 * "11/25/2026 2:30 PM" in this computer's time zone, or a full RFC 3339 time; with the format read.
 */
export function readScheduled(value: string): { iso: string; format: ScheduledDateFormat } | null {
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value))
    return Number.isNaN(Date.parse(value)) ? null : { iso: value, format: 'iso' }
  const iso = ISO_LOCAL.exec(value)
  if (iso) {
    const [, y, mo, d, hh = '8', mm = '00'] = iso
    const at = localTime(Number(y), Number(mo), Number(d), Number(hh), Number(mm))
    return at ? { iso: at, format: 'iso' } : null
  }
  const us = US_LOCAL.exec(value)
  if (!us) return null
  const [, mo, d, y, hText = '8', mm = '00', half] = us
  let hh = Number(hText)
  if (half) {
    if (hh < 1 || hh > 12) return null
    hh = (hh % 12) + (half.toLowerCase() === 'p' ? 12 : 0)
  }
  const at = localTime(Number(y), Number(mo), Number(d), hh, Number(mm))
  return at ? { iso: at, format: 'us' } : null
}

export function parseScheduled(value: string): string | null {
  return readScheduled(value)?.iso ?? null
}

function localTime(y: number, mo: number, d: number, hh: number, mm: number): string | null {
  const local = new Date(y, mo - 1, d, hh, mm)
  if (local.getMonth() !== mo - 1 || local.getDate() !== d || hh > 23 || mm > 59) return null
  const offset = -local.getTimezoneOffset()
  const sign = offset >= 0 ? '+' : '-'
  const abs = Math.abs(offset)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${y}-${pad(mo)}-${pad(d)}T${pad(hh)}:${pad(mm)}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
}

/** Resolves a column that may hold an id or a display name ("T-07" or "Sam Ortiz"). */
async function resolver(
  db: Kysely<Database>,
  engine: EngineName,
  table: 'customers' | 'job_types' | 'technicians',
): Promise<(value: string) => string | null> {
  // By id: where two records share a name, the later id is the one the name means.
  const rows = await idsAndNames({ engine, db }, table)
  const ids = new Set(rows.map((r) => r.id))
  const names = new Map(rows.map((r) => [r.name.toLowerCase(), r.id]))
  return (value) => (ids.has(value) ? value : (names.get(value.toLowerCase()) ?? null))
}

/**
 * Jobs from the plain template. A row with an existing job number updates that job (only
 * while it is scheduled); a row without one gets the next free number. Read in `db` (the
 * import's transaction when it commits, so the new numbers are taken beside the rows it writes).
 */
export async function planJobs(
  db: Kysely<Database>,
  table: CsvTable,
  engine: EngineName,
): Promise<ImportPlan<TrxWrite>> {
  const customers = await resolver(db, engine, 'customers')
  const jobTypes = await resolver(db, engine, 'job_types')
  const technicians = await resolver(db, engine, 'technicians')
  const duplicate = firstSeen()
  const dates = new Set<ScheduledDateFormat>()
  let next = Number((await nextJobIdIn(db, engine)).slice(2))

  const rows: PlannedRow<TrxWrite>[] = []
  for (const record of table.records) {
    const check = new RowCheck(record)
    const lookup = (
      column: string,
      value: string,
      resolve: (v: string) => string | null,
      what: string,
      required: boolean,
    ) => {
      if (!value) {
        if (required) check.fail(column, `the ${what} is empty`)
        return null
      }
      const id = resolve(value)
      if (!id) check.fail(column, `there is no ${what} "${value}"`)
      return id
    }
    const customerId = lookup('customerId', pick(record, 'customerid', 'customer'), customers, 'customer', true)
    const jobTypeId = lookup('jobTypeId', pick(record, 'jobtypeid', 'jobtype'), jobTypes, 'job type', true)
    const technicianId = lookup(
      'technicianId',
      pick(record, 'technicianid', 'technician'),
      technicians,
      'technician',
      false,
    )
    const fields = readFields(
      check,
      record,
      customerId,
      jobTypeId,
      technicianId,
      customerId ? ((await customerAddressIn(db, customerId)) ?? '') : '',
      dates,
    )
    let id = pick(record, 'id', 'job', 'jobid')
    if (id && !IdSchema.safeParse(id).success) check.fail('id', `"${id}" is not a valid job number`)
    if (id) duplicate(id, check, 'id')
    const summary = [id || 'new job', pick(record, 'customerid', 'customer'), fields.siteAddress]
      .filter(Boolean)
      .join(' · ')
    const status = id ? await jobStatusIn(db, id) : undefined
    if (!status) {
      if (!id && check.errors.length === 0) id = `J-${next++}`
      const newId = id
      rows.push(
        check.result<TrxWrite>(newId || null, summary, 'create', (trx) =>
          insertJobIn(trx, newId, fields, 'csv-import', 'csv-import'),
        ),
      )
      continue
    }
    const {
      fields: normalized,
      changed,
      refused,
      lock,
    } = changesAgainst(await jobFormIn(db, id), { ...fields, estimate: undefined } as Partial<JobFields>)
    if (refused.length) check.fail(refused[0]!, `${id} is ${status}: ${lock}`)
    const jobId = id
    rows.push(
      check.result<TrxWrite>(jobId, summary, changed.length ? 'update' : 'unchanged', (trx) =>
        writeJobChangesIn(trx, jobId, changed, normalized, 'csv-import', 'csv-import'),
      ),
    )
  }
  // The clerk sees which way the dates were read; a file mixing both ways says both.
  const dateFormat = dates.size ? [...dates].map((f) => DATE_FORMAT_LABELS[f]).join(' and ') : null
  return { format: 'template', formatLabel: 'Closeout jobs template', rows, dateFormat }
}

function readFields(
  check: RowCheck,
  record: CsvRecord,
  customerId: string | null,
  jobTypeId: string | null,
  technicianId: string | null,
  customerAddress: string,
  dates: Set<ScheduledDateFormat>,
): JobFields {
  const scheduledText = pick(record, 'scheduledfor', 'scheduled', 'date')
  const scheduled = scheduledText ? readScheduled(scheduledText) : null
  const scheduledFor = scheduled?.iso ?? null
  if (scheduled) dates.add(scheduled.format)
  if (scheduledText && !scheduledFor)
    check.fail(
      'scheduledFor',
      `"${scheduledText}" is not a date like 2026-11-25 08:00 or 11/25/2026 8:00 AM (month/day/year)`,
    )
  const nteText = pick(record, 'nottoexceed', 'nte')
  let notToExceed: string | null = null
  if (nteText) {
    const price = cleanPrice(nteText)
    if ('error' in price) check.fail('notToExceed', price.error)
    else notToExceed = price.value
  }
  const candidate = {
    customerId: customerId ?? 'unknown',
    siteAddress: pick(record, 'siteaddress', 'site', 'address') || customerAddress,
    jobTypeId: jobTypeId ?? 'unknown',
    technicianId,
    scheduledFor,
    poNumber: pick(record, 'ponumber', 'po') || null,
    notToExceed,
    description: pick(record, 'description', 'notes'),
    estimate: [],
  }
  const parsed = JobCreateInputSchema.safeParse(candidate)
  if (!parsed.success)
    for (const issue of parsed.error.issues) check.fail(String(issue.path[0] ?? 'row'), issue.message)
  return candidate
}
