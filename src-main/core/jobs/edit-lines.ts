import { DecimalFormatError, formatMilli, formatMoney, parseMilli, parseMoney } from '../../../src-shared/domain/money'
import { JOB_ACTIONS } from '../../../src-shared/domain/status'
import type { LineEdit } from '../../../src-shared/api/approvals'
import type { Kysely } from 'kysely'
import { authenticateUser } from '../approvals/approver-auth'
import { currentSubmission, finishDecision, type DecisionResult } from '../approvals/decisions'
import { markApprovedBeforeEditIn } from '../approvals/approval-changes.repo'
import { withTransaction, type EngineDb } from '../db/engine-db'
import type { Database } from '../db/schema'
import { evaluateSubmissionIn } from '../lifecycle/evaluate'
import { appendEventIn } from '../lifecycle/event-log'
import { requireStatus } from '../lifecycle/job-status'
import { oweReceiptsIn } from '../receipts/receipt-outbox'
import { loadLineRowsIn, type SubmissionLineRow } from '../lifecycle/submission-lines'
import { CloseoutError } from '../errors'
import type { Office } from '../office'
import { loadDecisionJobIn } from './decision-job'
import { editLineRowIn, insertSubmissionLinesIn, lastLineNoIn, type LineChange } from './submissions.repo'

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

async function applyEdit(
  trx: Kysely<Database>,
  submissionId: string,
  rows: SubmissionLineRow[],
  edit: LineEdit,
  i: number,
  out: EditRecord[],
): Promise<void> {
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
    const lineNo = (await lastLineNoIn(trx, submissionId)) + 1
    const quantity =
      edit.kind === 'adjustment' ? 1000 : parse(`${path}.quantity`, String(edit.quantity ?? '1'), parseMilli)
    const unit = edit.unitPrice == null ? null : parse(`${path}.unitPrice`, edit.unitPrice, parseMoney)
    await insertSubmissionLinesIn(trx, [
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
  const set = (change: LineChange) => editLineRowIn(trx, row.id, change)
  if (edit.op === 'remove') {
    await set({ removed: 1 })
    row.removed = 1
    out.push({ lineNo: row.line_no, field: 'removed', from: false, to: true })
    return
  }
  if (edit.quantity !== undefined) {
    const q = parse(`${path}.quantity`, String(edit.quantity), parseMilli)
    if (q !== row.quantity_milli) {
      await set({ quantity_milli: q })
      out.push({ lineNo: row.line_no, field: 'quantity', from: formatMilli(row.quantity_milli), to: formatMilli(q) })
    }
  }
  if (edit.unitPrice !== undefined) {
    const u = edit.unitPrice === null ? null : parse(`${path}.unitPrice`, edit.unitPrice, parseMoney)
    if (u !== row.unit_price_cents) {
      await set({ unit_price_cents: u })
      out.push({ lineNo: row.line_no, field: 'unitPrice', from: money(row.unit_price_cents), to: money(u) })
    }
  }
  if (edit.description !== undefined && edit.description !== row.description) {
    await set({ description: edit.description })
    out.push({ lineNo: row.line_no, field: 'description', from: row.description, to: edit.description })
  }
  for (const flag of ['billable', 'overtime'] as const) {
    const value = edit[flag]
    if (value !== undefined && (value ? 1 : 0) !== row[flag]) {
      await set(flag === 'billable' ? { billable: value ? 1 : 0 } : { overtime: value ? 1 : 0 })
      out.push({ lineNo: row.line_no, field: flag, from: row[flag] === 1, to: value })
    }
  }
}

export type EditResult = DecisionResult & { edits: EditRecord[] }

export async function editLines(
  office: Office,
  input: { jobId: string; userId: string; pin: string; edits: LineEdit[] },
  now = new Date(),
): Promise<EditResult> {
  const user = await authenticateUser(office, input.userId, input.pin, now)
  const result = await recordLineEdits(office, input, user.id, now.toISOString())
  // The receipt is rewritten after any edit: the findings the technician sees may have changed.
  await finishDecision(office, result, result.edits.length > 0)
  return result
}

/**
 * The edit itself, in one transaction on either engine (issue #17): the lines, the
 * `lines-edited` event, the approvals that no longer count, the rules' new verdict and the
 * receipt owed commit together or not at all. On PostgreSQL a seat that lost the race to
 * another seat's change of the job runs again on what that seat committed: a job voided or
 * decided meanwhile is refused as a second window on one PC is.
 */
export async function recordLineEdits(
  edb: EngineDb,
  input: { jobId: string; edits: LineEdit[] },
  actor: string,
  at: string,
): Promise<EditResult> {
  return withTransaction(edb, async (trx) => {
    const job = await loadDecisionJobIn(trx, input.jobId)
    requireStatus(job.id, job.status, JOB_ACTIONS['edit-lines'].statuses, 'edited')
    const submissionId = currentSubmission(job)
    const rows = await loadLineRowsIn(trx, submissionId)
    const records: EditRecord[] = []
    for (const [i, edit] of input.edits.entries()) await applyEdit(trx, submissionId, rows, edit, i, records)
    if (records.length === 0) return { jobId: job.id, submissionId, status: job.status, edits: records }
    await appendEventIn(trx, {
      jobId: job.id,
      type: 'lines-edited',
      actor,
      at,
      data: { submissionId, edits: records },
    })
    await markApprovedBeforeEditIn(trx, submissionId)
    const evaluation = await evaluateSubmissionIn(edb, trx, submissionId, { actor, reason: 'lines edited', at })
    await oweReceiptsIn(trx, [submissionId], at)
    return { jobId: job.id, submissionId, status: evaluation.status, edits: records }
  })
}
