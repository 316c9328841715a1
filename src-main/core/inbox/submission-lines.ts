import { parseMilli, parseMoney } from '../../../src-shared/domain/money'
import type { Closeout } from '../../../src-shared/schemas/closeout'
import type { SubmissionLinesTable } from '../db/schema'
import type { Office } from '../office'
import { statement } from '../db/statements'

export type NewLine = Omit<SubmissionLinesTable, 'id'>

/**
 * The closeout's labor, parts and adjustments as submission_lines, in document order. Prices
 * are as the technician gave them (or null); amounts stay null: the rules price the lines.
 * Taxability starts from the price book or labor rate and the rules may revise it.
 */
export function buildLines(office: Office, doc: Closeout): NewLine[] {
  const lines: NewLine[] = []
  const laborTaxable = statement(office.sqlite, 'SELECT taxable FROM labor_rates WHERE role = ?')
  const partTaxable = statement(office.sqlite, 'SELECT taxable FROM price_book WHERE sku = ?')
  const base = { submission_id: doc.submissionId, edited: 0, removed: 0, amount_cents: null }
  for (const l of doc.labor) {
    const rate = laborTaxable.get(l.role) as { taxable: number } | undefined
    lines.push({
      ...base,
      line_no: lines.length + 1,
      kind: 'labor',
      role: l.role,
      sku: null,
      description: l.description ?? '',
      quantity_milli: parseMilli(l.hours),
      billable: l.billable ? 1 : 0,
      overtime: l.overtime ? 1 : 0,
      adjustment_kind: null,
      unit_price_cents: null,
      taxable: rate?.taxable ?? 0,
    })
  }
  for (const p of doc.parts) {
    const item = p.sku ? (partTaxable.get(p.sku) as { taxable: number } | undefined) : undefined
    lines.push({
      ...base,
      line_no: lines.length + 1,
      kind: 'part',
      role: null,
      sku: p.sku ?? null,
      description: p.description,
      quantity_milli: parseMilli(p.quantity),
      billable: 1,
      overtime: 0,
      adjustment_kind: null,
      unit_price_cents: p.unitPrice === undefined ? null : parseMoney(p.unitPrice),
      taxable: item?.taxable ?? 1,
    })
  }
  for (const a of doc.adjustments) {
    lines.push({
      ...base,
      line_no: lines.length + 1,
      kind: 'adjustment',
      role: null,
      sku: null,
      description: a.description,
      quantity_milli: 1000,
      billable: 1,
      overtime: 0,
      adjustment_kind: a.kind,
      unit_price_cents: parseMoney(a.amount),
      taxable: 0,
    })
  }
  return lines
}
