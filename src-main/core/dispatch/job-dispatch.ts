import { formatMilli, formatMoney, parseMilli, parseMoney } from '../../../src-shared/domain/money'
import type { DispatchEstimateLine, JobForm } from '../../../src-shared/api/dispatch'
import type { PathMessage } from '../../../src-shared/schemas/issues'
import { appendEvent } from '../lifecycle/event-log'
import { CloseoutError } from '../errors'
import {
  findJobRow,
  highestJobNumber,
  insertJobRow,
  jobExists,
  writeJobFields,
  type JobFieldColumns,
} from '../jobs/job-rows.repo'
import { estimateRows, readEstimateRows, replaceEstimateRows } from '../jobs/estimate-lines.repo'
import { hasCustomer, hasJobType, hasLaborRate, hasPriceBookItem, hasTechnician } from '../setup/catalog.repo'
import type { Office } from '../office'
import { lockReason, toJobForm } from './job-form'

/** Dispatch fields after zod defaults (jobs.create / jobs.update). */
export interface JobFields {
  customerId: string
  siteAddress: string
  jobTypeId: string
  technicianId: string | null
  scheduledFor: string | null
  poNumber: string | null
  notToExceed: string | null
  description: string
  estimate: DispatchEstimateLine[]
}

const COLUMNS: Record<Exclude<keyof JobFields, 'estimate'>, keyof JobFieldColumns> = {
  customerId: 'customer_id',
  siteAddress: 'site_address',
  jobTypeId: 'job_type_id',
  technicianId: 'technician_id',
  scheduledFor: 'scheduled_for',
  poNumber: 'po_number',
  notToExceed: 'not_to_exceed_cents',
  description: 'description',
}

/** Once a closeout has arrived, only the paperwork fields may change: the work is done. */
const LATE_EDITABLE = new Set<keyof JobFields>(['poNumber', 'description', 'notToExceed'])

/** Every id the fields name that does not exist, by path. */
export function referenceProblems(office: Office, fields: Partial<JobFields>): PathMessage[] {
  const problems: PathMessage[] = []
  if (fields.customerId && !hasCustomer(office, fields.customerId))
    problems.push({ path: 'customerId', message: `there is no customer ${fields.customerId}` })
  if (fields.jobTypeId && !hasJobType(office, fields.jobTypeId))
    problems.push({ path: 'jobTypeId', message: `there is no job type ${fields.jobTypeId}` })
  if (fields.technicianId && !hasTechnician(office, fields.technicianId))
    problems.push({ path: 'technicianId', message: `there is no technician ${fields.technicianId}` })
  fields.estimate?.forEach((line, i) => {
    if (line.kind === 'part' && line.unitPrice === undefined && !hasPriceBookItem(office, line.sku)) {
      problems.push({
        path: `estimate[${i}].sku`,
        message: `"${line.sku}" is not in the price book: give a unit price`,
      })
    }
    if (line.kind === 'labor' && !hasLaborRate(office, line.role))
      problems.push({ path: `estimate[${i}].role`, message: `there is no labor rate for "${line.role}"` })
  })
  return problems
}

/** Throws invalid-input naming each unknown id by path. */
export function checkReferences(office: Office, fields: Partial<JobFields>): void {
  const problems = referenceProblems(office, fields)
  if (problems.length)
    throw new CloseoutError('invalid-input', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems)
}

function columnValue(key: keyof typeof COLUMNS, fields: Partial<JobFields>): unknown {
  if (key === 'notToExceed') return fields.notToExceed == null ? null : parseMoney(fields.notToExceed)
  return fields[key]
}

function writeEstimate(office: Office, jobId: string, estimate: DispatchEstimateLine[]): void {
  replaceEstimateRows(office, jobId, estimateRows(estimate))
}

/** The next free "J-<n>" after the highest numbered job. */
export function nextJobId(office: Office): string {
  return `J-${(highestJobNumber(office) ?? 1000) + 1}`
}

/** Writes a new scheduled job with its estimate and event; call inside a transaction. */
export function insertJob(
  office: Office,
  id: string,
  input: JobFields,
  actor: string,
  via: string,
  now = new Date().toISOString(),
): void {
  if (jobExists(office, id)) {
    throw new CloseoutError('already-exists', `There is already a job ${id}`, [
      { path: 'id', message: `job ${id} already exists` },
    ])
  }
  insertJobRow(office, {
    id,
    customer_id: input.customerId,
    site_address: input.siteAddress,
    job_type_id: input.jobTypeId,
    technician_id: input.technicianId,
    scheduled_for: input.scheduledFor,
    po_number: input.poNumber,
    not_to_exceed_cents: input.notToExceed == null ? null : parseMoney(input.notToExceed),
    description: input.description,
    origin: 'dispatch',
    created_at: now,
  })
  writeEstimate(office, id, input.estimate)
  appendEvent(office.sqlite, office.db, { jobId: id, type: 'job-created', actor, at: now, data: { via } })
}

/** Writes the named fields of a job and its job-updated event; call inside a transaction. */
export function writeJobChanges(
  office: Office,
  id: string,
  changed: (keyof JobFields)[],
  fields: Partial<JobFields>,
  actor: string,
  via: string,
  now = new Date().toISOString(),
): void {
  const columns = changed.filter((k): k is keyof typeof COLUMNS => k !== 'estimate')
  writeJobFields(office, id, Object.fromEntries(columns.map((k) => [COLUMNS[k], columnValue(k, fields)])), now)
  if (changed.includes('estimate')) writeEstimate(office, id, fields.estimate ?? [])
  appendEvent(office.sqlite, office.db, {
    jobId: id,
    type: 'job-updated',
    actor,
    at: now,
    data: { via, fields: changed },
  })
}

export function createJob(office: Office, input: JobFields & { id?: string | undefined }, actor = 'office'): string {
  checkReferences(office, input)
  const id = input.id ?? nextJobId(office)
  office.sqlite.transaction(() => insertJob(office, id, input, actor, 'dispatch'))()
  office.events.emit('jobs.changed', { reason: 'dispatch', jobIds: [id] })
  return id
}

/** Which of `given` differ from the stored job, and the ones its status no longer allows. */
export function jobChanges(
  office: Office,
  id: string,
  given: Partial<JobFields>,
): { fields: Partial<JobFields>; changed: (keyof JobFields)[]; refused: (keyof JobFields)[]; lock: string | null } {
  const fields = normalize(given)
  const current = currentJobForm(office, id)
  const lock = lockReason(current.status)
  const changed = (Object.keys(fields) as (keyof JobFields)[]).filter(
    (k) => fields[k] !== undefined && JSON.stringify(fields[k]) !== JSON.stringify(current[k]),
  )
  const refused = lock
    ? changed.filter((k) => !LATE_EDITABLE.has(k) || current.status === 'void' || current.status === 'invoiced')
    : []
  return { fields, changed, refused, lock }
}

/** Same spelling as the form answers (toJobForm) ("1" not 1, "6500.00" not "6500"), so comparing finds real changes only. */
function normalize(fields: Partial<JobFields>): Partial<JobFields> {
  const out = { ...fields }
  if (out.notToExceed != null) out.notToExceed = formatMoney(parseMoney(out.notToExceed))
  if (out.estimate) {
    out.estimate = out.estimate.map((l) =>
      l.kind === 'part'
        ? {
            kind: 'part',
            sku: l.sku,
            quantity: formatMilli(parseMilli(l.quantity)),
            ...(l.description !== undefined ? { description: l.description } : {}),
            ...(l.unitPrice !== undefined ? { unitPrice: formatMoney(parseMoney(l.unitPrice)) } : {}),
          }
        : { kind: 'labor', role: l.role, hours: formatMilli(parseMilli(l.hours)) },
    )
  }
  return out
}

export function updateJob(office: Office, id: string, given: Partial<JobFields>, actor = 'office'): void {
  const { fields, changed, refused, lock } = jobChanges(office, id, given)
  if (refused.length)
    throw new CloseoutError(
      'job-locked',
      lock!,
      refused.map((path) => ({ path, message: 'cannot change any more' })),
    )
  if (changed.length === 0) return
  checkReferences(office, fields)
  office.sqlite.transaction(() => writeJobChanges(office, id, changed, fields, actor, 'dispatch'))()
  office.events.emit('jobs.changed', { reason: 'dispatch', jobIds: [id] })
}

/**
 * The stored job as the form spells it, read on the synchronous path: jobs.update and the CSV
 * import compare and write in one synchronous turn (jobs.form reads it async: job-form.ts).
 */
function currentJobForm(office: Office, id: string): JobForm {
  const job = findJobRow(office, id)
  if (!job) throw new CloseoutError('not-found', `There is no job ${id}`)
  return toJobForm(job, readEstimateRows(office, id))
}
