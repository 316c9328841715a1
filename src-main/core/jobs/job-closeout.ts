import { formatMilli, formatMoney, lineAmount, sumCents } from '../../../src-shared/domain/money'
import type { LineKind } from '../../../src-shared/domain/pricing'
import type { JobCloseout, JobCloseoutAnswer, PhotoView } from '../../../src-shared/api/job-closeout'
import type { Selectable } from 'kysely'
import type { Finding } from '../../../src-shared/schemas/bundle'
import type { EngineDb } from '../db/engine-db'
import type { SubmissionLinesTable, SubmissionsTable } from '../db/schema'
import { binaryOrder } from '../db/sql-fragments'
import { CloseoutError } from '../errors'
import { parseStoredCloseout } from './stored-closeout'
import { siteLocationOf } from '../../../src-shared/domain/site-location'

type LineRow = Selectable<SubmissionLinesTable>

/**
 * The job's current (or a named) closeout with priced lines, photos and signature; null before
 * one arrives. What the job screen shows an approver (jobs.closeout), on the async path of issue
 * #17: either engine, the same answer (tests/integration/approvals/approvals-engines.test.ts).
 */
export async function jobCloseout(edb: EngineDb, jobId: string, submissionId?: string): Promise<JobCloseoutAnswer> {
  const { db } = edb
  const job = await db
    .selectFrom('jobs')
    .select(['current_submission_id', 'not_to_exceed_cents'])
    .where('id', '=', jobId)
    .executeTakeFirst()
  if (!job) throw new CloseoutError('not-found', `There is no job ${jobId}`)
  const company = await db.selectFrom('company').select('currency').where('id', '=', 1).executeTakeFirst()
  const wanted = submissionId ?? job.current_submission_id
  const row = wanted
    ? await db
        .selectFrom('submissions')
        .selectAll()
        .where('id', '=', wanted)
        .where('job_id', '=', jobId)
        .executeTakeFirst()
    : undefined
  if (submissionId && !row) throw new CloseoutError('not-found', `Job ${jobId} has no closeout ${submissionId}`)
  return {
    closeout: row ? await closeoutView(edb, row) : null,
    estimateCents: await estimateTotal(edb, jobId),
    notToExceedCents: job.not_to_exceed_cents,
    currency: company?.currency ?? 'USD',
  }
}

async function closeoutView(edb: EngineDb, s: Selectable<SubmissionsTable>): Promise<JobCloseout> {
  const { db, engine } = edb
  const doc = parseStoredCloseout(s.document_json)
  const captions = new Map((doc?.attachments ?? []).map((a) => [a.file, a.caption ?? null]))
  const lines = await db
    .selectFrom('submission_lines')
    .selectAll()
    .where('submission_id', '=', s.id)
    .orderBy('line_no')
    .execute()
  const roleNames = new Map(
    (await db.selectFrom('labor_rates').select(['role', 'name']).execute()).map((r) => [r.role, r.name ?? r.role]),
  )
  const photos = await db
    .selectFrom('attachments')
    .select(['id', 'category', 'file', 'mime', 'size', 'taken_at'])
    .where('submission_id', '=', s.id)
    .orderBy('id')
    .execute()
  const history = await db
    .selectFrom('submissions')
    .select(['id', 'received_at'])
    .where('job_id', '=', s.job_id)
    .where('id', '<>', s.id)
    .orderBy('received_at')
    .orderBy(binaryOrder(engine, 'id'))
    .execute()
  return {
    submissionId: s.id,
    supersedes: s.supersedes,
    technicianId: s.technician_id,
    startedAt: s.started_at,
    completedAt: s.completed_at,
    receivedAt: s.received_at,
    tasks: doc?.workPerformed.tasks ?? [],
    notes: doc?.workPerformed.notes ?? '',
    serialNumbers: doc?.serialNumbers ?? [],
    warrantyClaim: s.warranty_claim === 1,
    lines: lines.map((l) => ({
      lineNo: l.line_no,
      kind: l.kind as LineKind,
      role: l.role,
      sku: l.sku,
      description: lineWords(l, roleNames),
      quantity: formatMilli(l.quantity_milli),
      unitPrice: l.unit_price_cents == null ? null : formatMoney(l.unit_price_cents),
      rate: l.unit_price_cents != null ? formatMoney(l.unit_price_cents) : pricedRate(l.amount_cents, l.quantity_milli),
      amountCents: l.amount_cents,
      billable: l.billable === 1,
      overtime: l.overtime === 1,
      taxable: l.taxable === 1,
      edited: l.edited === 1,
      removed: l.removed === 1,
    })),
    discount:
      s.discount_percent_milli != null || s.discount_cents != null
        ? {
            percent: s.discount_percent_milli == null ? null : formatMilli(s.discount_percent_milli),
            amountCents: s.discount_cents,
            reason: s.discount_reason ?? '',
          }
        : null,
    totals: {
      subtotalCents: s.subtotal_cents,
      discountCents: s.discount_total_cents,
      taxCents: s.tax_cents,
      totalCents: s.total_cents,
    },
    photos: photos
      .filter((p) => p.category !== 'signature')
      .map((p) => ({
        id: p.id,
        category: p.category as PhotoView['category'],
        file: p.file,
        mime: p.mime,
        size: p.size,
        takenAt: p.taken_at,
        caption: captions.get(p.file) ?? null,
      })),
    signature: s.signer_name
      ? { attachmentId: s.signature_attachment_id, signerName: s.signer_name, signedAt: s.signed_at }
      : null,
    noSignatureReason: s.no_signature_reason,
    exceptions: doc?.exceptions ?? [],
    location: siteLocationOf(doc),
    findings: safeJson<Finding[]>(s.findings_json, []),
    history: history.map((h) => ({ submissionId: h.id, receivedAt: h.received_at })),
  }
}

/** The estimate at its own prices, else today's price book and labor rates; null when a line has no price. */
async function estimateTotal(edb: EngineDb, jobId: string): Promise<number | null> {
  const lines = await edb.db
    .selectFrom('estimate_lines as e')
    .leftJoin('price_book as p', 'p.sku', 'e.sku')
    .leftJoin('labor_rates as l', 'l.role', 'e.role')
    .select((eb) => [
      'e.quantity_milli',
      eb.fn.coalesce('e.unit_price_cents', 'p.unit_price_cents', 'l.rate_cents').as('price'),
    ])
    .where('e.job_id', '=', jobId)
    .execute()
  if (lines.length === 0 || lines.some((l) => l.price == null)) return null
  return sumCents(lines.map((l) => lineAmount(l.price!, l.quantity_milli)))
}

function safeJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T
  } catch {
    return fallback
  }
}

/** amount / quantity when that is a whole number of cents (the rate the rules priced at), else null. */
function pricedRate(amountCents: number | null, quantityMilli: number): string | null {
  if (amountCents == null || quantityMilli <= 0 || (amountCents * 1000) % quantityMilli !== 0) return null
  return formatMoney((amountCents * 1000) / quantityMilli)
}

/**
 * The phone leaves a labor line's description empty: the office reads it as the role's name (and
 * whether it was overtime), as the invoice does (exports/invoice-source.ts).
 */
function lineWords(l: LineRow, roleNames: ReadonlyMap<string, string>): string {
  if (l.kind !== 'labor' || l.description.trim() !== '') return l.description
  const role = l.role ? (roleNames.get(l.role) ?? l.role) : 'Labor'
  return l.overtime === 1 ? `${role} (overtime)` : role
}
