import type { Kysely } from 'kysely'
import type { Database, SubmissionLinesTable } from '../db/schema'
import type { NewLine } from '../jobs/submissions.repo'
import type { Closeout } from '../../../src-shared/schemas/closeout'
import { linesFromCloseout, type LineInput, type LineKind } from '../../../src-shared/domain/pricing'

/*
 * A submission's stored lines (submission_lines, where the office's edits live) and how they
 * become the rules engine's lines, read in a withTransaction body on either engine (issue #17).
 * load-submissions.ts assembles them with the rest of a submission's context.
 */

export interface SubmissionLineRow extends Omit<SubmissionLinesTable, 'id'> {
  id: number
}

const lineRowsQuery = (db: Kysely<Database>, submissionId: string) =>
  db.selectFrom('submission_lines').selectAll().where('submission_id', '=', submissionId).orderBy('line_no')

/** loadLineRows on the async path (issue #17): in `trx`, a withTransaction body's transaction. */
export async function loadLineRowsIn(trx: Kysely<Database>, submissionId: string): Promise<SubmissionLineRow[]> {
  return (await lineRowsQuery(trx, submissionId).execute()) as SubmissionLineRow[]
}

const DOC_FIELD: Record<LineKind, 'labor' | 'parts' | 'adjustments'> = {
  labor: 'labor',
  part: 'parts',
  adjustment: 'adjustments',
}

/** Stored lines -> engine lines. The n-th line of a kind points back at the document's n-th entry. */
export function rowsToLines(rows: readonly SubmissionLineRow[], doc: Closeout): LineInput[] {
  const seen: Record<LineKind, number> = { labor: 0, part: 0, adjustment: 0 }
  const out: LineInput[] = []
  for (const r of rows) {
    const kind = r.kind as LineKind
    const index = seen[kind]++
    if (r.removed) continue
    const field = DOC_FIELD[kind]
    const path = index < doc[field].length ? `${field}[${index}]` : `lines[${r.line_no}]`
    out.push({
      lineNo: r.line_no,
      kind,
      path,
      description: r.description,
      sku: r.sku,
      role: r.role,
      quantityMilli: r.quantity_milli,
      unitPriceCents: r.unit_price_cents,
      billable: r.billable === 1,
      overtime: r.overtime === 1,
      adjustmentKind: r.adjustment_kind,
    })
  }
  return out
}

/** The document's own lines as rows, before any edit: what ensureLineRows (and its async form) writes. */
export function documentLineRows(submissionId: string, doc: Closeout): NewLine[] {
  return linesFromCloseout(doc).map((l) => ({
    submission_id: submissionId,
    line_no: l.lineNo,
    kind: l.kind,
    role: l.role ?? null,
    sku: l.sku ?? null,
    description: l.description,
    quantity_milli: l.quantityMilli,
    billable: l.billable ? 1 : 0,
    overtime: l.overtime ? 1 : 0,
    adjustment_kind: l.adjustmentKind ?? null,
    unit_price_cents: l.unitPriceCents ?? null,
    // Priced and taxed by the evaluation that follows; the columns' own defaults until then.
    amount_cents: null,
    taxable: 1,
    edited: 0,
    removed: 0,
  }))
}

export const LINE_COLUMNS = [
  'id',
  'submission_id',
  'line_no',
  'kind',
  'role',
  'sku',
  'description',
  'quantity_milli',
  'billable',
  'overtime',
  'adjustment_kind',
  'unit_price_cents',
  'amount_cents',
  'taxable',
  'edited',
  'removed',
] as const satisfies readonly (keyof SubmissionLineRow)[]

/** A row read in LINE_COLUMNS' order. */
export function lineRow(v: unknown[]): SubmissionLineRow {
  const [id, submissionId, lineNo, kind, role, sku, description, quantity, billable, overtime, adjustment] = v
  const [unitPrice, amount, taxable, edited, removed] = v.slice(11)
  return {
    id: id as number,
    submission_id: submissionId as string,
    line_no: lineNo as number,
    kind: kind as string,
    role: role as string | null,
    sku: sku as string | null,
    description: description as string,
    quantity_milli: quantity as number,
    billable: billable as number,
    overtime: overtime as number,
    adjustment_kind: adjustment as string | null,
    unit_price_cents: unitPrice as number | null,
    amount_cents: amount as number | null,
    taxable: taxable as number,
    edited: edited as number,
    removed: removed as number,
  }
}
