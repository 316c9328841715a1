import { parseMilli, parseMoney } from '../../../src-shared/domain/money'
import type { Closeout } from '../../../src-shared/schemas/closeout'
import type { NewLine } from '../jobs/submissions.repo'
import type { IngestReads } from './ingest-reads'

/**
 * The closeout's labor, parts and adjustments as submission_lines, in document order. Prices
 * are as the technician gave them (or null); amounts stay null: the rules price the lines.
 * Taxability starts from the price book or labor rate and the rules may revise it: read through
 * the ingest transaction's `reads` (once for its whole group).
 */
export async function buildLinesIn(reads: IngestReads, doc: Closeout): Promise<NewLine[]> {
  return linesOf(doc, await reads.taxability(doc))
}

function linesOf(
  doc: Closeout,
  taxable: { roles: ReadonlyMap<string, number>; skus: ReadonlyMap<string, number> },
): NewLine[] {
  const lines: NewLine[] = []
  const base = { submission_id: doc.submissionId, edited: 0, removed: 0, amount_cents: null }
  for (const l of doc.labor) {
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
      taxable: taxable.roles.get(l.role) ?? 0,
    })
  }
  for (const p of doc.parts) {
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
      taxable: (p.sku ? taxable.skus.get(p.sku) : undefined) ?? 1,
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
