import type { Insertable, Kysely } from 'kysely'
import type { EngineName } from '../db/engine-db'
import { textList, valueByKey } from '../db/sql-fragments'
import { parseMilli, parseMoney } from '../../../src-shared/domain/money'
import type { Closeout } from '../../../src-shared/schemas/closeout'
import type { AttachmentsTable, Database, SubmissionLinesTable, SubmissionsTable } from '../db/schema'

/**
 * Closeouts as stored: the submissions row (one writer, so every path that stores a closeout,
 * the inbox's ingest and the demo's history alike, records the same columns from it), its lines
 * and its attachments. The ingest, the demo's history and the office's writers on a job (edit
 * lines, the ways out of needs-review) write them in a withTransaction body on either engine
 * (issue #17).
 */

/** How a closeout arrived: what the document itself does not say. */
export interface SubmissionArrival {
  jobId: string
  /** The submission it replaces, only when that one is stored here. */
  supersedes: string | null
  fingerprint: string
  receivedAt: string
  /** Relative to the shared folder ('archive/2026-11/<id>'); null when it never passed the inbox. */
  archivedPath: string | null
}

/** The submissions row a closeout is stored as. */
function submissionRow(doc: Closeout, arrival: SubmissionArrival): Insertable<SubmissionsTable> {
  const percent = doc.discount?.percent
  const amount = doc.discount?.amount
  return {
    id: doc.submissionId,
    job_id: arrival.jobId,
    supersedes: arrival.supersedes,
    technician_id: doc.technician.id,
    fingerprint: arrival.fingerprint,
    document_json: JSON.stringify(doc),
    started_at: doc.startedAt ?? null,
    completed_at: doc.completedAt,
    received_at: arrival.receivedAt,
    warranty_claim: doc.warrantyClaim ? 1 : 0,
    discount_percent_milli: percent === undefined ? null : parseMilli(percent),
    discount_cents: amount === undefined ? null : parseMoney(amount),
    discount_reason: doc.discount?.reason ?? null,
    signer_name: doc.signature?.signerName ?? null,
    signed_at: doc.signature?.signedAt ?? null,
    signature_attachment_id: null,
    no_signature_reason: doc.exceptions.find((e) => e.kind === 'no-signature')?.reason ?? null,
    archived_path: arrival.archivedPath,
    findings_json: '[]',
  }
}

/** A closeout's submission row, in `trx` (the ingest's or the demo history's transaction), on either engine (issue #17). */
export async function insertSubmissionIn(
  trx: Kysely<Database>,
  doc: Closeout,
  arrival: SubmissionArrival,
): Promise<void> {
  await insertSubmissionsIn(trx, [{ doc, arrival }])
}

/** Closeouts' submission rows, in order, one statement per 200 (the ingest's group). */
export async function insertSubmissionsIn(
  trx: Kysely<Database>,
  closeouts: readonly { doc: Closeout; arrival: SubmissionArrival }[],
): Promise<void> {
  for (let i = 0; i < closeouts.length; i += 200)
    await trx
      .insertInto('submissions')
      .values(closeouts.slice(i, i + 200).map((c) => submissionRow(c.doc, c.arrival)))
      .execute()
}

export type NewLine = Omit<SubmissionLinesTable, 'id'>

/**
 * The lines in order, one statement per 500 (15 parameters a line: under either engine's limit);
 * their ids follow the order given, as one insert per line.
 */
export async function insertSubmissionLinesIn(trx: Kysely<Database>, lines: readonly NewLine[]): Promise<void> {
  for (let i = 0; i < lines.length; i += 500)
    await trx
      .insertInto('submission_lines')
      .values(lines.slice(i, i + 500))
      .execute()
}

const signatureUpdate = (db: Kysely<Database>, submissionId: string, attachmentId: number) =>
  db.updateTable('submissions').set({ signature_attachment_id: attachmentId }).where('id', '=', submissionId)

type NewAttachment = Omit<Insertable<AttachmentsTable>, 'submission_id'>

/**
 * A closeout's attachments in one statement, in order, with the signature's id set on its
 * submission.
 */
export async function insertAttachmentsIn(
  trx: Kysely<Database>,
  submissionId: string,
  attachments: readonly NewAttachment[],
): Promise<void> {
  await insertAttachmentsOfIn(trx, [{ submissionId, attachments }])
}

/**
 * Closeouts' attachments (the ingest's group): one statement per 500, their ids in the order
 * given as one insert per closeout; each signature's id set on its submission.
 */
export async function insertAttachmentsOfIn(
  trx: Kysely<Database>,
  closeouts: readonly { submissionId: string; attachments: readonly NewAttachment[] }[],
): Promise<void> {
  const all = closeouts.flatMap((c) => c.attachments.map((a) => ({ submission_id: c.submissionId, ...a })))
  for (let i = 0; i < all.length; i += 500) {
    const rows = await trx
      .insertInto('attachments')
      .values(all.slice(i, i + 500))
      .returning(['id', 'category', 'submission_id'])
      .execute()
    for (const signature of rows.filter((r) => r.category === 'signature'))
      await signatureUpdate(trx, signature.submission_id, Number(signature.id)).execute()
  }
}

const submissionIdQuery = (db: Kysely<Database>, id: string) =>
  db.selectFrom('submissions').select('id').where('id', '=', id)

/** Whether a closeout with this id is stored, in `trx` or an EngineDb's `db`. */
export async function submissionExistsIn(trx: Kysely<Database>, id: string): Promise<boolean> {
  return (await submissionIdQuery(trx, id).executeTakeFirst()) !== undefined
}

/** What the inbox needs to recognise a bundle it has already stored. */
export interface SubmissionRef {
  fingerprint: string
  archivedPath: string | null
  jobId: string
}

/** What the inbox knows of a stored closeout (undefined: none with this id), in `db` or a transaction. */
export async function findSubmissionRefIn(db: Kysely<Database>, id: string): Promise<SubmissionRef | undefined> {
  const row = await db
    .selectFrom('submissions')
    .select(['fingerprint', 'archived_path', 'job_id'])
    .where('id', '=', id)
    .executeTakeFirst()
  return row && { fingerprint: row.fingerprint, archivedPath: row.archived_path, jobId: row.job_id }
}

/** findSubmissionRefIn for many ids at once (a chunk of the inbox): the stored ones, by id. */
export async function findSubmissionRefsIn(
  db: Kysely<Database>,
  engine: EngineName,
  ids: readonly string[],
): Promise<Map<string, SubmissionRef>> {
  if (ids.length === 0) return new Map()
  const rows = await db
    .selectFrom('submissions')
    .select(['id', 'fingerprint', 'archived_path', 'job_id'])
    .where('id', 'in', textList(engine, ids))
    .execute()
  return new Map(
    rows.map((r) => [r.id, { fingerprint: r.fingerprint, archivedPath: r.archived_path, jobId: r.job_id }]),
  )
}

/** What the office may change on a line; each change also marks the line edited. */
export type LineChange = Partial<
  Pick<
    SubmissionLinesTable,
    'quantity_milli' | 'unit_price_cents' | 'description' | 'billable' | 'overtime' | 'removed'
  >
>

const lineEdit = (db: Kysely<Database>, lineId: number, edit: LineChange) =>
  db
    .updateTable('submission_lines')
    .set({ ...edit, edited: 1 })
    .where('id', '=', lineId)

export async function editLineRowIn(trx: Kysely<Database>, lineId: number, edit: LineChange): Promise<void> {
  await lineEdit(trx, lineId, edit).execute()
}

/** The first line of a submission with this description (the demo prices one it added), in `trx`, either engine. */
export async function findLineByDescriptionIn(
  trx: Kysely<Database>,
  submissionId: string,
  description: string,
): Promise<{ id: number; lineNo: number } | undefined> {
  const row = await trx
    .selectFrom('submission_lines')
    .select(['id', 'line_no'])
    .where('submission_id', '=', submissionId)
    .where('description', '=', description)
    .executeTakeFirst()
  return row && { id: Number(row.id), lineNo: row.line_no }
}

/** Whether the office holds any closeout (a rebuild from the archive wants a fresh one). */
export async function hasAnySubmissionIn(db: Kysely<Database>): Promise<boolean> {
  return (await db.selectFrom('submissions').select('id').limit(1).executeTakeFirst()) !== undefined
}

/** Where the closeout's bundle really is in the archive (a rebuild keeps the folder it found it in). */
export async function setArchivedPathIn(db: Kysely<Database>, id: string, archivedPath: string): Promise<void> {
  await db.updateTable('submissions').set({ archived_path: archivedPath }).where('id', '=', id).execute()
}

/**
 * Rewrites the submission's lines unchanged: their update trigger refreshes the job's search
 * text from its current closeout.
 */
const searchRefresh = (db: Kysely<Database>, submissionId: string) =>
  db
    .updateTable('submission_lines')
    .set((eb) => ({ description: eb.ref('description') }))
    .where('submission_id', '=', submissionId)

export async function refreshLinesForSearchIn(trx: Kysely<Database>, submissionId: string): Promise<void> {
  await searchRefresh(trx, submissionId).execute()
}

/** Every closeout of job `from` now belongs to job `to` (a closeout matched to its real job). */
export async function moveSubmissionsIn(trx: Kysely<Database>, from: string, to: string): Promise<void> {
  await trx.updateTable('submissions').set({ job_id: to }).where('job_id', '=', from).execute()
}

/** The highest line number on a submission (0: none). */
export async function lastLineNoIn(trx: Kysely<Database>, submissionId: string): Promise<number> {
  const row = await trx
    .selectFrom('submission_lines')
    .select((eb) => eb.fn.max('line_no').as('max'))
    .where('submission_id', '=', submissionId)
    .executeTakeFirst()
  return row?.max ?? 0
}

/** A line as the rules priced it (amount null: the rules could not price it). */
const linePricing = (db: Kysely<Database>, lineId: number, amountCents: number | null, taxable: number) =>
  db.updateTable('submission_lines').set({ amount_cents: amountCents, taxable }).where('id', '=', lineId)

export async function writeLinePricingIn(
  trx: Kysely<Database>,
  lineId: number,
  amountCents: number | null,
  taxable: number,
): Promise<void> {
  await linePricing(trx, lineId, amountCents, taxable).execute()
}

/** Many lines as the rules priced them (an evaluation's, or the ingest group's): one statement per 200. */
export async function writeLinesPricingIn(
  trx: Kysely<Database>,
  lines: readonly { id: number; amountCents: number | null; taxable: number }[],
): Promise<void> {
  if (lines.length === 1) return writeLinePricingIn(trx, lines[0]!.id, lines[0]!.amountCents, lines[0]!.taxable)
  for (let i = 0; i < lines.length; i += 200) {
    const chunk = lines.slice(i, i + 200)
    await trx
      .updateTable('submission_lines')
      .set({
        amount_cents: valueByKey(
          'id',
          chunk.map((l) => [l.id, l.amountCents]),
          'bigint',
        ),
        taxable: valueByKey(
          'id',
          chunk.map((l) => [l.id, l.taxable]),
          'bigint',
        ),
      })
      .where(
        'id',
        'in',
        chunk.map((l) => l.id),
      )
      .execute()
  }
}

/** The rules' findings and totals on a closeout. */
export type SubmissionVerdict = { findings: unknown[]; subtotal: number; discount: number; tax: number; total: number }

const verdictUpdate = (db: Kysely<Database>, id: string, verdict: SubmissionVerdict) =>
  db
    .updateTable('submissions')
    .set({
      findings_json: JSON.stringify(verdict.findings),
      subtotal_cents: verdict.subtotal,
      discount_total_cents: verdict.discount,
      tax_cents: verdict.tax,
      total_cents: verdict.total,
    })
    .where('id', '=', id)

export async function writeSubmissionVerdictIn(
  trx: Kysely<Database>,
  id: string,
  verdict: SubmissionVerdict,
): Promise<void> {
  await verdictUpdate(trx, id, verdict).execute()
}

/** Many closeouts' verdicts (the ingest group's evaluations): one statement per 200. */
export async function writeSubmissionVerdictsIn(
  trx: Kysely<Database>,
  verdicts: readonly { id: string; verdict: SubmissionVerdict }[],
): Promise<void> {
  if (verdicts.length === 1) return writeSubmissionVerdictIn(trx, verdicts[0]!.id, verdicts[0]!.verdict)
  for (let i = 0; i < verdicts.length; i += 200) {
    const chunk = verdicts.slice(i, i + 200)
    const each = <V extends string | number>(value: (v: SubmissionVerdict) => V, type: 'bigint' | 'text') =>
      valueByKey(
        'id',
        chunk.map((c) => [c.id, value(c.verdict)]),
        type,
      )
    await trx
      .updateTable('submissions')
      .set({
        findings_json: each((v) => JSON.stringify(v.findings), 'text'),
        subtotal_cents: each((v) => v.subtotal, 'bigint'),
        discount_total_cents: each((v) => v.discount, 'bigint'),
        tax_cents: each((v) => v.tax, 'bigint'),
        total_cents: each((v) => v.total, 'bigint'),
      })
      .where(
        'id',
        'in',
        chunk.map((c) => c.id),
      )
      .execute()
  }
}
