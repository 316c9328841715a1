import { formatMilli, formatMoney, parseMilli, parseMoney } from '../../../src-shared/domain/money'
import type { DispatchEstimateLine, JobForm } from '../../../src-shared/api/dispatch'
import type { PathMessage } from '../../../src-shared/schemas/issues'
import { CloseoutError } from '../errors'
import type { JobFieldColumns, NewJob } from '../jobs/job-rows.repo'
import type { NewEvent } from '../lifecycle/event-log'
import type { CatalogKind } from '../setup/catalog-reads.repo'
import { lockReason } from './job-form'

/**
 * What Dispatch's writers (dispatch-writes.ts) decide without the database, for the Dispatch
 * screen, the review's ways out and the CSV import of jobs: which fields changed, which a job's
 * status refuses, which names are unknown, and the refusals they make.
 */

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

/** The columns of the `changed` fields (the estimate has its own rows). */
export function changedColumns(changed: (keyof JobFields)[], fields: Partial<JobFields>): JobFieldColumns {
  const columns = changed.filter((k): k is keyof typeof COLUMNS => k !== 'estimate')
  return Object.fromEntries(
    columns.map((k) => [
      COLUMNS[k],
      k === 'notToExceed' ? (fields.notToExceed == null ? null : parseMoney(fields.notToExceed)) : fields[k],
    ]),
  )
}

/** A new scheduled job's row as dispatch writes it. */
export function newJobRow(id: string, input: JobFields, now: string): NewJob {
  return {
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
  }
}

/** "J-<n>" after the highest numbered job (J-1001 in an office without one). */
export const jobIdAfter = (highest: number | null): string => `J-${(highest ?? 1000) + 1}`

/** The event a new job is logged with (`via`: dispatch, closeout, csv-import…). */
export function jobCreatedEvent(jobId: string, actor: string, at: string, via: string): NewEvent {
  return { jobId, type: 'job-created', actor, at, data: { via } }
}

/** The event a change of a job's dispatch fields is logged with, naming the fields. */
export function jobUpdatedEvent(
  jobId: string,
  actor: string,
  at: string,
  via: string,
  changed: (keyof JobFields)[],
): NewEvent {
  return { jobId, type: 'job-updated', actor, at, data: { via, fields: changed } }
}

export function alreadyExists(id: string): CloseoutError {
  return new CloseoutError('already-exists', `There is already a job ${id}`, [
    { path: 'id', message: `job ${id} already exists` },
  ])
}

/** A catalog record a job's fields name, and what to say when it does not exist. */
export interface ReferenceQuestion {
  kind: CatalogKind
  key: string
  problem: PathMessage
}

/**
 * Every record the fields name, to look up (the synchronous writers and the async ones each
 * answer them on their own path): a part with a unit price of its own needs no price book item.
 */
export function referenceQuestions(fields: Partial<JobFields>): ReferenceQuestion[] {
  const questions: ReferenceQuestion[] = []
  if (fields.customerId)
    questions.push({
      kind: 'customer',
      key: fields.customerId,
      problem: { path: 'customerId', message: `there is no customer ${fields.customerId}` },
    })
  if (fields.jobTypeId)
    questions.push({
      kind: 'jobType',
      key: fields.jobTypeId,
      problem: { path: 'jobTypeId', message: `there is no job type ${fields.jobTypeId}` },
    })
  if (fields.technicianId)
    questions.push({
      kind: 'technician',
      key: fields.technicianId,
      problem: { path: 'technicianId', message: `there is no technician ${fields.technicianId}` },
    })
  fields.estimate?.forEach((line, i) => {
    if (line.kind === 'part' && line.unitPrice === undefined)
      questions.push({
        kind: 'priceBookItem',
        key: line.sku,
        problem: { path: `estimate[${i}].sku`, message: `"${line.sku}" is not in the price book: give a unit price` },
      })
    if (line.kind === 'labor')
      questions.push({
        kind: 'laborRate',
        key: line.role,
        problem: { path: `estimate[${i}].role`, message: `there is no labor rate for "${line.role}"` },
      })
  })
  return questions
}

/** The invalid-input refusal naming each unknown id by path (undefined: none). */
export function referencesRefusal(problems: PathMessage[]): CloseoutError | undefined {
  if (problems.length === 0) return undefined
  return new CloseoutError('invalid-input', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems)
}

export interface JobChanges {
  fields: Partial<JobFields>
  changed: (keyof JobFields)[]
  refused: (keyof JobFields)[]
  lock: string | null
}

/** Which of `given` differ from the stored job (as the form spells it), and the ones its status no longer allows. */
export function changesAgainst(current: JobForm, given: Partial<JobFields>): JobChanges {
  const fields = normalize(given)
  const lock = lockReason(current.status)
  const changed = (Object.keys(fields) as (keyof JobFields)[]).filter(
    (k) => fields[k] !== undefined && JSON.stringify(fields[k]) !== JSON.stringify(current[k]),
  )
  const refused = lock
    ? changed.filter((k) => !LATE_EDITABLE.has(k) || current.status === 'void' || current.status === 'invoiced')
    : []
  return { fields, changed, refused, lock }
}

/** The job-locked refusal naming each field that may not change any more (undefined: none). */
export function lockedRefusal({ refused, lock }: JobChanges): CloseoutError | undefined {
  if (refused.length === 0) return undefined
  return new CloseoutError(
    'job-locked',
    lock!,
    refused.map((path) => ({ path, message: 'cannot change any more' })),
  )
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
