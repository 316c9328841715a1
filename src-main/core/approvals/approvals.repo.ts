import type { ApprovalItem } from '../../../src-shared/api/approvals'
import { formatMilli, formatMoney, lineAmount, sumCents } from '../../../src-shared/domain/money'
import { allocate } from '../../../src-shared/domain/pricing'
import type { JobStatus } from '../../../src-shared/domain/status'
import { sql } from 'kysely'
import type { EngineDb } from '../db/engine-db'
import { binaryOrder, textList } from '../db/sql-fragments'
import { CloseoutError } from '../errors'
import { loadPolicyAsync, loadSubmissionsAsync } from '../lifecycle/load-submissions'
import { cents, pricedFrom, type PricedSubmission } from './priced-submission'

/**
 * Read models for the approval inbox and the job detail's lines (no writes), on the async path
 * of issue #17: every query runs through Kysely's `.execute()` on an `EngineDb`, the office's
 * SQLite file or a PostgreSQL database, with the same answers (tests/integration/approvals/
 * approvals-engines.test.ts). The approvals table's writers are approval-rows.repo.ts.
 */
interface WaitingRow {
  id: string
  status: JobStatus
  customer: string | null
  site_address: string
  technician_id: string | null
  technician: string | null
  job_type: string | null
  submission_id: string
  completed_at: string
  received_at: string
  updated_at: string
  total_cents: number | null
  origin: string
  not_to_exceed_cents: number | null
  findings_json: string
  subtotal_cents: number | null
  discount_total_cents: number | null
  tax_cents: number | null
  stored_total_cents: number | null
}

/** What a card shows in money: the stored totals and the actuals beside the estimate. */
interface CardMoney {
  totals: PricedSubmission['totals']
  partsActualCents: number
  laborActualMilli: number
}

/**
 * Jobs waiting for approval, oldest first, each with the findings that put it there and the
 * amounts behind them (totals, estimate vs actual). The lines themselves are not listed: the
 * job screen shows them (jobs.closeout). The figures come from what the rules stored when they
 * priced the closeout (the numbers the export will invoice), summed in SQL; a closeout with a
 * line the rules could not price, or without stored totals, is priced again as before.
 */
export async function listApprovals(
  edb: EngineDb,
  filter: { jobId?: string | undefined } = {},
): Promise<ApprovalItem[]> {
  const { db, engine } = edb
  let query = db
    .selectFrom('jobs as j')
    .innerJoin('submissions as s', 's.id', 'j.current_submission_id')
    .leftJoin('customers as c', 'c.id', 'j.customer_id')
    .leftJoin('technicians as t', 't.id', 's.technician_id')
    .leftJoin('job_types as jt', 'jt.id', 'j.job_type_id')
    .select([
      'j.id',
      'j.status',
      'c.name as customer',
      'j.site_address',
      's.technician_id',
      't.name as technician',
      'jt.name as job_type',
      's.id as submission_id',
      's.completed_at',
      's.received_at',
      'j.updated_at',
      'j.total_cents',
      'j.origin',
      'j.not_to_exceed_cents',
      's.findings_json',
      's.subtotal_cents',
      's.discount_total_cents',
      's.tax_cents',
      's.total_cents as stored_total_cents',
    ])
    .where('j.status', '=', 'needs-approval')
  if (filter.jobId) query = query.where('j.id', '=', filter.jobId)
  const rows = (await query.orderBy('j.updated_at').orderBy(binaryOrder(engine, 'j.id')).execute()) as WaitingRow[]
  if (rows.length === 0) return []
  const submissionIds = rows.map((r) => r.submission_id)
  const money = await cardMoney(edb, rows)
  const estimates = await jobEstimates(
    edb,
    rows.filter((r) => r.origin === 'dispatch').map((r) => r.id),
  )
  const approvals = groupApprovals(
    await db
      .selectFrom('approvals as a')
      .leftJoin('users as u', 'u.id', 'a.user_id')
      .select([
        'a.submission_id',
        'a.user_id',
        sql<string>`COALESCE(u.name, a.user_id)`.as('name'),
        'a.level',
        'a.at',
        'a.comment',
      ])
      .where('a.submission_id', 'in', textList(engine, submissionIds))
      .where('a.decision', '=', 'approved')
      .orderBy('a.id')
      .execute(),
  )
  const over = (await loadPolicyAsync(edb)).secondApprovalOverCents
  return rows.flatMap((row) => {
    const m = money.get(row.submission_id)
    if (!m) return []
    const levels = over !== null && (row.total_cents ?? 0) > over ? 2 : 1
    return [approvalItem(row, m, estimates.get(row.id) ?? null, approvals.get(row.submission_id) ?? [], levels)]
  })
}

/** Each waiting closeout's totals and actuals, from the stored lines (or priced again, see listApprovals). */
async function cardMoney(edb: EngineDb, rows: readonly WaitingRow[]): Promise<Map<string, CardMoney>> {
  const { db, engine } = edb
  const out = new Map<string, CardMoney>()
  // Sums are numeric on PostgreSQL (strings from pg): read as numbers; NULL (no such line) as 0.
  const sums = await db
    .selectFrom('submission_lines')
    .select([
      'submission_id',
      sql<number | string | null>`SUM(CASE WHEN kind = 'part' THEN amount_cents ELSE 0 END)`.as('parts'),
      sql<number | string | null>`SUM(CASE WHEN kind = 'labor' AND billable = 1 THEN quantity_milli ELSE 0 END)`.as(
        'labor',
      ),
      sql<number | string | null>`SUM(CASE WHEN taxable = 1 THEN amount_cents ELSE 0 END)`.as('taxable'),
      sql<number | string>`COUNT(*) - COUNT(amount_cents)`.as('unpriced'),
    ])
    .where(
      'submission_id',
      'in',
      textList(
        engine,
        rows.map((r) => r.submission_id),
      ),
    )
    .where('removed', '=', 0)
    .groupBy('submission_id')
    .execute()
  const bySubmission = new Map(
    sums.map((s) => [
      s.submission_id,
      { parts: sum(s.parts), labor: sum(s.labor), taxable: sum(s.taxable), unpriced: sum(s.unpriced) },
    ]),
  )
  const discounted: string[] = []
  const again: string[] = []
  for (const r of rows) {
    const s = bySubmission.get(r.submission_id)
    const { subtotal_cents: subtotal, tax_cents: tax, stored_total_cents: total } = r
    if (!s || s.unpriced > 0 || subtotal === null || tax === null || total === null) {
      again.push(r.submission_id)
      continue
    }
    const discount = r.discount_total_cents ?? 0
    if (discount !== 0) discounted.push(r.submission_id)
    out.set(r.submission_id, {
      totals: moneyTotals({ subtotal, discount, taxable: Math.max(0, s.taxable), tax, total }),
      partsActualCents: s.parts,
      laborActualMilli: s.labor,
    })
  }
  // A discount is shared over the lines by amount; the taxable base is what the taxable lines keep.
  if (discounted.length) {
    const bySub = await discountedLines(edb, discounted)
    const discountOf = new Map(rows.map((r) => [r.submission_id, r.discount_total_cents ?? 0]))
    for (const id of discounted) {
      const own = bySub.get(id) ?? []
      const amounts = own.map(([amount]) => amount ?? 0)
      const shares = allocate(discountOf.get(id) ?? 0, amounts)
      const taxable = sumCents(own.map(([, t], i) => (t === 1 ? (amounts[i] ?? 0) - (shares[i] ?? 0) : 0)))
      const m = out.get(id)!
      m.totals = { ...m.totals, taxable: formatMoney(Math.max(0, taxable)) }
    }
  }
  if (again.length) {
    for (const loaded of await loadSubmissionsAsync(edb, again)) {
      const priced = pricedFrom(loaded)
      out.set(loaded.submission.id, {
        totals: priced.totals,
        partsActualCents: sumCents(priced.lines.filter((l) => l.kind === 'part').map((l) => cents(l.amount))),
        laborActualMilli: sumCents(
          priced.result.lines.filter((l) => l.kind === 'labor' && l.billable).map((l) => l.quantityMilli),
        ),
      })
    }
  }
  return out
}

/**
 * Each discounted closeout's lines in line order as [amount_cents, taxable] pairs, one row per
 * closeout (a JSON array: a few hundred rows instead of every line, which PostgreSQL sends much
 * faster). SQLite's json_group_array keeps the order of the ordered subquery it reads.
 */
async function discountedLines(
  { db, engine }: EngineDb,
  submissionIds: readonly string[],
): Promise<Map<string, [amount: number | null, taxable: number][]>> {
  const lines = db
    .selectFrom('submission_lines')
    .where('submission_id', 'in', textList(engine, submissionIds))
    .where('removed', '=', 0)
  const rows =
    engine === 'postgres'
      ? await lines
          .select([
            'submission_id',
            sql<string>`json_agg(json_build_array(amount_cents, taxable) ORDER BY line_no)::text`.as('lines'),
          ])
          .groupBy('submission_id')
          .execute()
      : await db
          .selectFrom(
            lines
              .select(['submission_id', 'amount_cents', 'taxable'])
              .orderBy('submission_id')
              .orderBy('line_no')
              .as('l'),
          )
          .select(['l.submission_id', sql<string>`json_group_array(json_array(l.amount_cents, l.taxable))`.as('lines')])
          .groupBy('l.submission_id')
          .execute()
  return new Map(rows.map((r) => [r.submission_id, JSON.parse(r.lines) as [number | null, number][]]))
}

interface JobEstimate {
  partsCents: number
  laborMilli: number
}

/** A dispatched job's estimate: parts at the estimate's price (or the price book's), labor hours. */
async function jobEstimates(edb: EngineDb, jobIds: readonly string[]): Promise<Map<string, JobEstimate>> {
  const out = new Map<string, JobEstimate>()
  if (jobIds.length === 0) return out
  const rows = await edb.db
    .selectFrom('estimate_lines as e')
    .leftJoin('price_book as p', 'p.sku', 'e.sku')
    .select(['e.job_id', 'e.kind', 'e.quantity_milli', 'e.unit_price_cents', 'p.unit_price_cents as book_cents'])
    .where('e.job_id', 'in', textList(edb.engine, jobIds))
    .orderBy('e.job_id')
    .orderBy('e.line_no')
    .execute()
  for (const r of rows) {
    const e = out.get(r.job_id) ?? { partsCents: 0, laborMilli: 0 }
    if (r.kind === 'part') e.partsCents += lineAmount(r.unit_price_cents ?? r.book_cents ?? 0, r.quantity_milli)
    else e.laborMilli += r.quantity_milli
    out.set(r.job_id, e)
  }
  return out
}

/**
 * A sum read back as a number (PostgreSQL's numeric is a string from pg); no rows, NULL, is 0.
 * Cents a number cannot hold exactly are an error, never a rounded amount.
 */
function sum(v: number | string | null): number {
  const n = v === null ? 0 : Number(v)
  if (!Number.isSafeInteger(n)) throw new CloseoutError('integer-too-large', `${v} is too large to handle exactly`)
  return n
}

function moneyTotals(t: { subtotal: number; discount: number; taxable: number; tax: number; total: number }) {
  return {
    subtotal: formatMoney(t.subtotal),
    discount: formatMoney(t.discount),
    taxable: formatMoney(t.taxable),
    tax: formatMoney(t.tax),
    total: formatMoney(t.total),
  }
}

interface ApprovalRow {
  submission_id: string
  user_id: string
  name: string
  level: number
  at: string
  comment: string | null
}

function groupApprovals(rows: ApprovalRow[]): Map<string, ApprovalRow[]> {
  const out = new Map<string, ApprovalRow[]>()
  for (const r of rows) out.set(r.submission_id, [...(out.get(r.submission_id) ?? []), r])
  return out
}

function approvalItem(
  row: WaitingRow,
  money: CardMoney,
  estimate: JobEstimate | null,
  approvals: ApprovalRow[],
  levels: 1 | 2,
): ApprovalItem {
  const dispatched = row.origin === 'dispatch'
  return {
    jobId: row.id,
    status: row.status,
    customer: row.customer,
    siteAddress: row.site_address,
    technicianId: row.technician_id,
    technician: row.technician,
    jobType: row.job_type,
    submissionId: row.submission_id,
    completedAt: row.completed_at,
    receivedAt: row.received_at,
    waitingSince: row.updated_at,
    findings: row.findings_json ? (JSON.parse(row.findings_json) as ApprovalItem['findings']) : [],
    totals: money.totals,
    estimateVsActual: {
      partsEstimate: estimate ? formatMoney(estimate.partsCents) : null,
      partsActual: formatMoney(money.partsActualCents),
      laborHoursEstimate: estimate ? formatMilli(estimate.laborMilli) : null,
      laborHoursActual: formatMilli(money.laborActualMilli),
      notToExceed: !dispatched || row.not_to_exceed_cents === null ? null : formatMoney(row.not_to_exceed_cents),
      total: money.totals.total,
    },
    approvals: approvals.map((a) => ({
      userId: a.user_id,
      name: a.name,
      level: a.level,
      at: a.at,
      comment: a.comment,
    })),
    levelsRequired: levels,
  }
}
