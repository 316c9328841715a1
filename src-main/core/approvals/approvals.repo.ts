import type { ApprovalItem, LineView } from '../../../src-shared/api/approvals'
import { formatMilli, formatMoney, parseMoney, sumCents } from '../../../src-shared/domain/money'
import { allocate } from '../../../src-shared/domain/pricing'
import { estimatePartsCents, priceRulesInput, type RulesResult } from '../../../src-shared/domain/rules'
import type { JobStatus } from '../../../src-shared/domain/status'
import type { Office } from '../office'
import { loadRulesShared, loadSubmission, loadSubmissions, type LoadedSubmission } from '../lifecycle/rules-context'

/** Read models for the approval inbox and the job detail's lines (no writes). */
export interface PricedSubmission {
  loaded: LoadedSubmission
  /** The pricing (lines and totals); the findings are the stored ones (submissions.findings_json). */
  result: Pick<RulesResult, 'lines' | 'totals'>
  lines: LineView[]
  totals: { subtotal: string; discount: string; taxable: string; tax: string; total: string }
}

/**
 * The lines and totals as evaluated and stored, which is what the export will invoice. The
 * price book may have changed since the closeout was priced; the approver must see the numbers
 * they are approving, not today's. (An edit re-prices the closeout and stores the new numbers.)
 */
export function pricedSubmission(office: Office, submissionId: string): PricedSubmission {
  return pricedFrom(loadSubmission(office, submissionId))
}

function pricedFrom(loaded: LoadedSubmission): PricedSubmission {
  const result = priceRulesInput(loaded.input)
  const rows = new Map(loaded.lineRows.map((r) => [r.line_no, r]))
  const roleNames = new Map(loaded.input.laborRates.map((r) => [r.role, r.name ?? r.role]))
  const lines: LineView[] = result.lines.map((l) => {
    const row = rows.get(l.lineNo)
    const stored = row !== undefined && row.amount_cents !== null
    const amount = stored ? row.amount_cents : l.amountCents
    const repriced = amount !== l.amountCents
    // A stored amount the price book no longer gives: show the rate that gives it, when there is one.
    const unit = !repriced
      ? l.effectiveUnitCents
      : amount !== null && l.quantityMilli !== 0 && (amount * 1000) % l.quantityMilli === 0
        ? (amount * 1000) / l.quantityMilli
        : null
    return {
      lineNo: l.lineNo,
      kind: l.kind,
      path: l.path,
      description:
        l.description.trim() === '' && l.kind === 'labor'
          ? `${roleNames.get(l.role ?? '') ?? l.role ?? 'Labor'}${l.overtime ? ' (overtime)' : ''}`
          : l.description,
      sku: l.sku ?? null,
      role: l.role ?? null,
      quantity: formatMilli(l.quantityMilli),
      unitPrice: unit === null ? null : formatMoney(unit),
      priceSource: l.priceSource,
      amount: amount === null ? null : formatMoney(amount),
      taxable: stored ? row.taxable === 1 : l.taxable,
      billable: l.billable,
      overtime: l.overtime,
      edited: row?.edited === 1,
    }
  })
  return { loaded, result, lines, totals: storedTotals(loaded, lines, result) }
}

const cents = (amount: string | null) => (amount === null ? 0 : parseMoney(amount))

function storedTotals(
  loaded: LoadedSubmission,
  lines: LineView[],
  result: PricedSubmission['result'],
): PricedSubmission['totals'] {
  const {
    subtotal_cents: subtotal,
    discount_total_cents: discount,
    tax_cents: tax,
    total_cents: total,
  } = loaded.submission
  const money = (t: { subtotal: number; discount: number; taxable: number; tax: number; total: number }) => ({
    subtotal: formatMoney(t.subtotal),
    discount: formatMoney(t.discount),
    taxable: formatMoney(t.taxable),
    tax: formatMoney(t.tax),
    total: formatMoney(t.total),
  })
  if (subtotal === null || tax === null || total === null) return money(result.totals)
  const amounts = lines.map((l) => cents(l.amount))
  const shares = allocate(discount ?? 0, amounts)
  const taxable = Math.max(0, sumCents(lines.map((l, i) => (l.taxable ? (amounts[i] ?? 0) - (shares[i] ?? 0) : 0))))
  return money({ subtotal, discount: discount ?? 0, taxable, tax, total })
}

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
}

/** Jobs waiting for approval, oldest first, each with its reasons and estimate vs actual. */
export function listApprovals(office: Office, filter: { jobId?: string | undefined } = {}): ApprovalItem[] {
  const rows = office.sqlite
    .prepare(
      `SELECT j.id, j.status, c.name AS customer, j.site_address, s.technician_id, t.name AS technician, jt.name AS job_type,
              s.id AS submission_id, s.completed_at, s.received_at, j.updated_at, j.total_cents
       FROM jobs j JOIN submissions s ON s.id = j.current_submission_id
       LEFT JOIN customers c ON c.id = j.customer_id LEFT JOIN technicians t ON t.id = s.technician_id
       LEFT JOIN job_types jt ON jt.id = j.job_type_id
       WHERE j.status = 'needs-approval' ${filter.jobId ? 'AND j.id = ?' : ''}
       ORDER BY j.updated_at, j.id`,
    )
    .all(...(filter.jobId ? [filter.jobId] : [])) as WaitingRow[]
  // One read of everything the items need for all of them (a few statements, not a dozen per job).
  const shared = loadRulesShared(office)
  const loaded = new Map(
    loadSubmissions(
      office,
      rows.map((r) => r.submission_id),
      shared,
    ).map((l) => [l.submission.id, l]),
  )
  const approvals = groupApprovals(
    office.sqlite
      .prepare(
        `SELECT a.submission_id, a.user_id, COALESCE(u.name, a.user_id) AS name, a.level, a.at, a.comment
         FROM approvals a LEFT JOIN users u ON u.id = a.user_id
         WHERE a.submission_id IN (SELECT value FROM json_each(?)) AND a.decision = 'approved' ORDER BY a.id`,
      )
      .all(JSON.stringify(rows.map((r) => r.submission_id))) as ApprovalRow[],
  )
  const over = shared.policy.secondApprovalOverCents
  return rows.flatMap((row) => {
    const priced = loaded.get(row.submission_id)
    if (!priced) return []
    const levels = over !== null && (row.total_cents ?? 0) > over ? 2 : 1
    return [approvalItem(row, pricedFrom(priced), approvals.get(row.submission_id) ?? [], levels)]
  })
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
  priced: PricedSubmission,
  approvals: ApprovalRow[],
  levels: 1 | 2,
): ApprovalItem {
  const { input } = priced.loaded
  const estimate = input.job?.estimate ?? []
  const priceBook = new Map(input.priceBook.map((p) => [p.sku, p]))
  const hasEstimate = estimate.length > 0
  const laborEstimate = sumCents(estimate.map((e) => (e.kind === 'labor' ? e.hoursMilli : 0)))
  const partsActual = sumCents(priced.lines.filter((l) => l.kind === 'part').map((l) => cents(l.amount)))
  const laborActual = sumCents(
    priced.result.lines.filter((l) => l.kind === 'labor' && l.billable).map((l) => l.quantityMilli),
  )
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
    findings: priced.loaded.submission.findings_json
      ? (JSON.parse(priced.loaded.submission.findings_json) as ApprovalItem['findings'])
      : [],
    totals: priced.totals,
    estimateVsActual: {
      partsEstimate: hasEstimate ? formatMoney(estimatePartsCents(estimate, priceBook)) : null,
      partsActual: formatMoney(partsActual),
      laborHoursEstimate: hasEstimate ? formatMilli(laborEstimate) : null,
      laborHoursActual: formatMilli(laborActual),
      notToExceed: input.job?.notToExceedCents == null ? null : formatMoney(input.job.notToExceedCents),
      total: priced.totals.total,
    },
    approvals: approvals.map((a) => ({
      userId: a.user_id,
      name: a.name,
      level: a.level,
      at: a.at,
      comment: a.comment,
    })),
    levelsRequired: levels,
    lines: priced.lines,
  }
}
