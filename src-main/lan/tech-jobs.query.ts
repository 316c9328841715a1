import { formatMilli, formatMoney } from '../../src-shared/domain/money'
import type {
  TechJob,
  TechJobsAnswer,
  TechPriceBookItem,
  TechPriceBookSnapshot,
  TechRequirements,
} from '../../src-shared/api/lan'
import type { PriceBookEntry } from '../../src-shared/domain/pricing'
import type { EstimateLine } from '../../src-shared/domain/rules'
import type { FormCatalog } from '../../src-shared/schemas/office-snapshot'
import { rulesJobTypeFromRow } from '../core/lifecycle/assemble-context'
import { loadPolicyAsync } from '../core/lifecycle/load-submissions'
import { sql, type Selectable } from 'kysely'
import type { EngineDb } from '../core/db/engine-db'
import type { JobTypesTable, PriceBookTable } from '../core/db/schema'
import { binaryOrder, textList } from '../core/db/sql-fragments'
import { assembleJobsAnswer, skusOf } from './jobs-answer'
import { sentBackCopy } from './tech-submissions.repo'

/** Jobs a technician can close from the phone: dispatched to them and not closed out yet, or sent back. */
const OPEN_STATUSES = ['scheduled', 'sent-back']

type JobRow = Awaited<ReturnType<typeof openJobRows>>[number]
type EstimateRow = Awaited<ReturnType<typeof estimateRows>>[number]
type PriceBookRow = Selectable<PriceBookTable>
type JobTypeRow = Selectable<JobTypesTable>

function requirements(type: JobTypeRow | undefined, customerRequiresSignature: boolean): TechRequirements {
  return {
    photos: type ? (JSON.parse(type.required_photos_json) as TechRequirements['photos']) : {},
    serialNumber: type?.require_serial_number === 1,
    signature: type?.require_signature === 1 || customerRequiresSignature,
  }
}

function toItem(r: PriceBookRow): TechPriceBookItem {
  return {
    sku: r.sku,
    description: r.description,
    unitPrice: formatMoney(r.unit_price_cents),
    unitPriceCents: r.unit_price_cents,
    taxable: r.taxable === 1,
  }
}

async function toTechJob(
  edb: EngineDb,
  row: JobRow,
  lines: EstimateRow[],
  type: JobTypeRow | undefined,
): Promise<TechJob> {
  const rulesEstimate: EstimateLine[] = lines.map((e) =>
    e.kind === 'part'
      ? { kind: 'part', sku: e.sku ?? '', quantityMilli: e.quantity_milli, unitPriceCents: e.unit_price_cents }
      : { kind: 'labor', role: e.role ?? '', hoursMilli: e.quantity_milli },
  )
  return {
    id: row.id,
    status: row.status,
    customerId: row.customer_id,
    customer: row.customer_name,
    siteAddress: row.site_address,
    jobTypeId: row.job_type_id,
    jobType: row.job_type_name,
    scheduledFor: row.scheduled_for,
    poNumber: row.po_number,
    description: row.description,
    notToExceed: row.not_to_exceed_cents === null ? null : formatMoney(row.not_to_exceed_cents),
    estimate: lines.map((e) => {
      const price = e.unit_price_cents ?? (e.kind === 'part' ? e.book_price : e.rate_cents)
      return {
        kind: e.kind as 'part' | 'labor',
        sku: e.sku,
        role: e.role,
        description: e.description ?? e.book_description ?? e.role_name ?? e.sku ?? e.role ?? '',
        quantity: formatMilli(e.quantity_milli),
        unitPrice: price === null ? null : formatMoney(price),
      }
    }),
    requirements: requirements(type, row.requires_signature === 1),
    sentBack:
      row.status === 'sent-back' && row.current_submission_id
        ? {
            submissionId: row.current_submission_id,
            ...(await sentBackCopy(edb, row.current_submission_id, row.send_back_comment)),
          }
        : null,
    rules: {
      job: { id: row.id, notToExceedCents: row.not_to_exceed_cents, estimate: rulesEstimate },
      customer:
        row.customer_id && row.customer_name
          ? { id: row.customer_id, name: row.customer_name, requiresSignature: row.requires_signature === 1 }
          : null,
      taxRateMilli: row.tax_rate_milli,
    },
  }
}

function openJobRows({ engine, db }: EngineDb, technicianId: string) {
  return db
    .selectFrom('jobs as j')
    .leftJoin('customers as c', 'c.id', 'j.customer_id')
    .leftJoin('job_types as jt', 'jt.id', 'j.job_type_id')
    .leftJoin('taxes as tx', 'tx.id', 'c.tax_id')
    .selectAll('j')
    .select((eb) => [
      'c.name as customer_name',
      'c.requires_signature',
      'jt.name as job_type_name',
      'tx.rate_milli as tax_rate_milli',
      eb
        .selectFrom('approvals as a')
        .select('a.comment')
        .whereRef('a.job_id', '=', 'j.id')
        .where('a.decision', '=', 'sent-back')
        .orderBy('a.id', 'desc')
        .limit(1)
        .as('send_back_comment'),
    ])
    .where('j.technician_id', '=', technicianId)
    .where('j.status', 'in', OPEN_STATUSES)
    .orderBy(sql`j.scheduled_for IS NULL`)
    .orderBy(binaryOrder(engine, 'j.scheduled_for'))
    .orderBy(binaryOrder(engine, 'j.id'))
    .execute()
}

/** The estimate lines of every job asked, in one statement (one round trip on PostgreSQL), by job then line. */
function estimateRows({ engine, db }: EngineDb, jobIds: readonly string[]) {
  return db
    .selectFrom('estimate_lines as e')
    .leftJoin('price_book as p', 'p.sku', 'e.sku')
    .leftJoin('labor_rates as r', 'r.role', 'e.role')
    .selectAll('e')
    .select([
      'p.description as book_description',
      'p.unit_price_cents as book_price',
      'r.name as role_name',
      'r.rate_cents',
    ])
    .where('e.job_id', 'in', textList(engine, jobIds))
    .orderBy(binaryOrder(engine, 'e.job_id'))
    .orderBy('e.line_no')
    .execute()
}

/** The technician's open jobs, soonest first. */
export async function openJobs(edb: EngineDb, technicianId: string): Promise<TechJob[]> {
  const types = await edb.db.selectFrom('job_types').selectAll().execute()
  const typeById = new Map(types.map((t) => [t.id, t]))
  const rows = await openJobRows(edb, technicianId)
  const linesByJob = new Map<string, EstimateRow[]>()
  const ids = rows.map((r) => r.id)
  for (const line of ids.length > 0 ? await estimateRows(edb, ids) : []) {
    const lines = linesByJob.get(line.job_id)
    if (lines) lines.push(line)
    else linesByJob.set(line.job_id, [line])
  }
  const jobs: TechJob[] = []
  for (const row of rows) {
    const type = row.job_type_id ? typeById.get(row.job_type_id) : undefined
    jobs.push(await toTechJob(edb, row, linesByJob.get(row.id) ?? [], type))
  }
  return jobs
}

/** Job types, labor roles and the approval policy: the same for every technician. */
export async function formCatalog(edb: EngineDb): Promise<FormCatalog> {
  const { engine, db } = edb
  const types = await db.selectFrom('job_types').selectAll().orderBy(binaryOrder(engine, 'name')).execute()
  const { approverRoles: _roles, secondApprovalOverCents: _second, ...policy } = await loadPolicyAsync(edb)
  const rateRows = await db.selectFrom('labor_rates').selectAll().orderBy(binaryOrder(engine, 'role')).execute()
  return {
    jobTypes: types.map((t) => ({ id: t.id, name: t.name, requirements: requirements(t, false) })),
    laborRoles: rateRows.map((r) => ({ role: r.role, name: r.name ?? r.role })),
    rules: {
      policy,
      laborRates: rateRows.map((r) => ({
        role: r.role,
        name: r.name,
        rateCents: r.rate_cents,
        overtimeMultiplierMilli: r.overtime_multiplier_milli,
        taxable: r.taxable === 1,
      })),
      jobTypes: types.map(rulesJobTypeFromRow),
    },
  }
}

async function priceBookEntries({ engine, db }: EngineDb, skus: ReadonlySet<string>): Promise<PriceBookEntry[]> {
  if (skus.size === 0) return []
  const rows = await db
    .selectFrom('price_book')
    .selectAll()
    .where('sku', 'in', textList(engine, [...skus]))
    .execute()
  return rows.map((r) => ({
    sku: r.sku,
    description: r.description,
    unitPriceCents: r.unit_price_cents,
    taxable: r.taxable === 1,
  }))
}

export async function technicianJobs(edb: EngineDb, technician: { id: string; name: string }): Promise<TechJobsAnswer> {
  const row = await edb.db
    .selectFrom('technicians')
    .select('default_labor_role')
    .where('id', '=', technician.id)
    .executeTakeFirst()
  const jobs = await openJobs(edb, technician.id)
  const catalog = await formCatalog(edb)
  const skus = skusOf(jobs)
  const entries = await priceBookEntries(edb, skus)
  return assembleJobsAnswer(
    { ...technician, defaultLaborRole: row?.default_labor_role ?? null },
    jobs,
    catalog,
    () => entries,
  )
}

/** The whole price book, ordered as search answers it (for the office's snapshot). */
export async function wholePriceBook({ engine, db }: EngineDb): Promise<TechPriceBookItem[]> {
  const rows = await db
    .selectFrom('price_book')
    .selectAll()
    .orderBy(binaryOrder(engine, 'description'))
    .orderBy(binaryOrder(engine, 'sku'))
    .execute()
  return rows.map(toItem)
}

/**
 * Price-book search by SKU or words of the description; every word must match. LIKE as SQLite
 * has it on both engines: A-Z matched without regard to case, every other letter exactly
 * (PostgreSQL's LIKE is case-sensitive, so both sides fold A-Z there).
 */
export async function searchPriceBook({ engine, db }: EngineDb, q: string, limit = 25): Promise<TechPriceBookItem[]> {
  const words = q.trim().split(/\s+/).filter(Boolean).slice(0, 6)
  const column = (name: 'sku' | 'description') =>
    engine === 'postgres' ? sql`translate(${sql.ref(name)}, ${ASCII_UPPER}, ${ASCII_LOWER})` : sql.ref(name)
  // LIKE with ESCAPE has no builder words: each word is a typed fragment, its value a parameter.
  const matches = words.map((w) => {
    const like = `%${foldAscii(w).replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    return sql<boolean>`(${column('sku')} LIKE ${like} ESCAPE '\\' OR ${column('description')} LIKE ${like} ESCAPE '\\')`
  })
  const rows = await db
    .selectFrom('price_book')
    .selectAll()
    .$if(matches.length > 0, (q) => q.where((eb) => eb.and(matches)))
    .orderBy(binaryOrder(engine, 'description'))
    .orderBy(binaryOrder(engine, 'sku'))
    .limit(limit)
    .execute()
  return rows.map(toItem)
}

const ASCII_UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const ASCII_LOWER = 'abcdefghijklmnopqrstuvwxyz'
const foldAscii = (text: string): string => text.replace(/[A-Z]/g, (c) => c.toLowerCase())

/** The whole price book for the phone's offline copy (IndexedDB), with the time it was read. */
export async function priceBookSnapshot(edb: EngineDb, now = new Date()): Promise<TechPriceBookSnapshot> {
  return { items: await wholePriceBook(edb), asOf: now.toISOString() }
}
