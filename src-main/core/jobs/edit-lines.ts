import { DecimalFormatError, formatMilli, formatMoney, parseMilli, parseMoney } from '../../../src-shared/domain/money'
import { JOB_ACTIONS } from '../../../src-shared/domain/status'
import type { LineEdit } from '../../../src-shared/api/approvals'
import { authenticateUser } from '../approvals/approver-auth'
import { currentSubmission, finishDecision, loadDecisionJob, type DecisionResult } from '../approvals/decisions'
import { evaluateSubmission } from '../lifecycle/evaluate'
import { appendEvent } from '../lifecycle/event-log'
import { requireStatus } from '../lifecycle/job-status'
import { oweReceipts } from '../receipts/receipt-outbox'
import { loadLineRows, type SubmissionLineRow } from '../lifecycle/submission-lines'
import { CloseoutError } from '../errors'
import type { Office } from '../office'
import { markApprovedBeforeEdit } from '../approvals/approval-rows.repo'
import { editLineRow, insertSubmissionLines, lastLineNo, type LineChange } from './submissions.repo'

/**
 * The office fixes a closeout's lines (a back-office touch): each change is one entry of a
 * 'lines-edited' event, then the rules run again and may move the job. Approvals given before
 * the edit no longer count: the approver saw other numbers. The editor may not approve it.
 */
export interface EditRecord {
  lineNo: number
  field: string
  from: string | boolean | null
  to: string | boolean | null
}

const money = (c: number | null) => (c === null ? null : formatMoney(c))

function parse<T>(path: string, value: string, parser: (v: string) => T): T {
  try {
    return parser(value)
  } catch (error) {
    if (error instanceof DecimalFormatError)
      throw new CloseoutError('invalid-input', `${path}: ${error.message}`, [{ path, message: error.message }])
    throw error
  }
}

function applyEdit(
  office: Office,
  submissionId: string,
  rows: SubmissionLineRow[],
  edit: LineEdit,
  i: number,
  out: EditRecord[],
): void {
  const path = `edits[${i}]`
  if (edit.op === 'add') {
    if (edit.kind === 'labor' && !edit.role)
      throw new CloseoutError('invalid-input', `${path}.role: a labor line needs a role`, [
        { path: `${path}.role`, message: 'a labor line needs a role' },
      ])
    if (edit.kind === 'adjustment' && edit.unitPrice == null)
      throw new CloseoutError('invalid-input', `${path}.unitPrice: an adjustment needs an amount`, [
        { path: `${path}.unitPrice`, message: 'an adjustment needs an amount' },
      ])
    const lineNo = lastLineNo(office, submissionId) + 1
    const quantity =
      edit.kind === 'adjustment' ? 1000 : parse(`${path}.quantity`, String(edit.quantity ?? '1'), parseMilli)
    const unit = edit.unitPrice == null ? null : parse(`${path}.unitPrice`, edit.unitPrice, parseMoney)
    insertSubmissionLines(office, [
      {
        submission_id: submissionId,
        line_no: lineNo,
        kind: edit.kind,
        role: edit.role ?? null,
        sku: edit.sku ?? null,
        description: edit.description,
        quantity_milli: quantity,
        billable: edit.billable === false ? 0 : 1,
        overtime: edit.overtime ? 1 : 0,
        adjustment_kind: edit.kind === 'adjustment' ? (edit.adjustmentKind ?? 'other') : null,
        unit_price_cents: unit,
        // The rules price the line and settle its taxability.
        amount_cents: null,
        taxable: 1,
        edited: 1,
        removed: 0,
      },
    ])
    out.push({ lineNo, field: 'added', from: null, to: `${edit.kind}: ${edit.description}` })
    return
  }
  const row = rows.find((r) => r.line_no === edit.lineNo && r.removed === 0)
  if (!row)
    throw new CloseoutError('not-found', `${path}.lineNo: there is no line ${edit.lineNo} on this closeout`, [
      { path: `${path}.lineNo`, message: `no line ${edit.lineNo}` },
    ])
  const set = (change: LineChange) => editLineRow(office, row.id, change)
  if (edit.op === 'remove') {
    set({ removed: 1 })
    row.removed = 1
    out.push({ lineNo: row.line_no, field: 'removed', from: false, to: true })
    return
  }
  if (edit.quantity !== undefined) {
    const q = parse(`${path}.quantity`, String(edit.quantity), parseMilli)
    if (q !== row.quantity_milli) {
      set({ quantity_milli: q })
      out.push({ lineNo: row.line_no, field: 'quantity', from: formatMilli(row.quantity_milli), to: formatMilli(q) })
    }
  }
  if (edit.unitPrice !== undefined) {
    const u = edit.unitPrice === null ? null : parse(`${path}.unitPrice`, edit.unitPrice, parseMoney)
    if (u !== row.unit_price_cents) {
      set({ unit_price_cents: u })
      out.push({ lineNo: row.line_no, field: 'unitPrice', from: money(row.unit_price_cents), to: money(u) })
    }
  }
  if (edit.description !== undefined && edit.description !== row.description) {
    set({ description: edit.description })
    out.push({ lineNo: row.line_no, field: 'description', from: row.description, to: edit.description })
  }
  for (const flag of ['billable', 'overtime'] as const) {
    const value = edit[flag]
    if (value !== undefined && (value ? 1 : 0) !== row[flag]) {
      set(flag === 'billable' ? { billable: value ? 1 : 0 } : { overtime: value ? 1 : 0 })
      out.push({ lineNo: row.line_no, field: flag, from: row[flag] === 1, to: value })
    }
  }
}

export async function editLines(
  office: Office,
  input: { jobId: string; userId: string; pin: string; edits: LineEdit[] },
  now = new Date(),
): Promise<DecisionResult & { edits: EditRecord[] }> {
  const user = await authenticateUser(office, input.userId, input.pin, now)
  const at = now.toISOString()
  const result = office.sqlite.transaction(() => {
    const job = loadDecisionJob(office, input.jobId)
    requireStatus(job.id, job.status, JOB_ACTIONS['edit-lines'].statuses, 'edited')
    const submissionId = currentSubmission(job)
    const rows = loadLineRows(office, submissionId)
    const records: EditRecord[] = []
    input.edits.forEach((edit, i) => applyEdit(office, submissionId, rows, edit, i, records))
    if (records.length === 0) return { jobId: job.id, submissionId, status: job.status, edits: records }
    appendEvent(office.sqlite, office.db, {
      jobId: job.id,
      type: 'lines-edited',
      actor: user.id,
      at,
      data: { submissionId, edits: records },
    })
    markApprovedBeforeEdit(office, submissionId)
    const evaluation = evaluateSubmission(office, submissionId, { actor: user.id, reason: 'lines edited', at })
    oweReceipts(office, [submissionId], at)
    return { jobId: job.id, submissionId, status: evaluation.status, edits: records }
  })()
  // The receipt is rewritten after any edit: the findings the technician sees may have changed.
  finishDecision(office, result, result.edits.length > 0)
  return result
}
