import type { LineView } from '../../../src-shared/api/approvals'
import { formatMilli, formatMoney, parseMoney, sumCents } from '../../../src-shared/domain/money'
import { allocate } from '../../../src-shared/domain/pricing'
import { priceRulesInput, type RulesResult } from '../../../src-shared/domain/rules'
import type { EngineDb } from '../db/engine-db'
import type { LoadedSubmission } from '../lifecycle/rules-context'
import { loadSubmissionAsync } from '../lifecycle/load-submissions'

/*
 * A closeout's lines and totals as the office stored them (what the export will invoice), for
 * the approval cards (approvals.repo.ts) and the job screen after an edit: read on the async
 * path on either engine.
 */

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
export async function pricedSubmission(edb: EngineDb, submissionId: string): Promise<PricedSubmission> {
  return pricedFrom(await loadSubmissionAsync(edb, submissionId))
}

export function pricedFrom(loaded: LoadedSubmission): PricedSubmission {
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

export const cents = (amount: string | null) => (amount === null ? 0 : parseMoney(amount))

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
