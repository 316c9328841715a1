import { formatMilli, formatMoney, lineAmount, sumCents } from '../../../src-shared/domain/money'
import type { JobCloseout, JobCloseoutAnswer, PhotoView } from '../../../src-shared/api/job-closeout'
import type { Finding } from '../../../src-shared/schemas/bundle'
import type { SubmissionsTable } from '../db/schema'
import { CloseoutError } from '../errors'
import type { Office } from '../office'
import { parseStoredCloseout } from './stored-closeout'
import { siteLocationOf } from '../../../src-shared/domain/site-location'

interface LineRow {
  line_no: number
  kind: 'labor' | 'part' | 'adjustment'
  role: string | null
  sku: string | null
  description: string
  quantity_milli: number
  billable: number
  overtime: number
  unit_price_cents: number | null
  amount_cents: number | null
  taxable: number
  edited: number
  removed: number
}

/** The job's current (or a named) closeout with priced lines, photos and signature; null before one arrives. */
export function jobCloseout(office: Office, jobId: string, submissionId?: string): JobCloseoutAnswer {
  const { sqlite } = office
  const job = sqlite.prepare('SELECT current_submission_id, not_to_exceed_cents FROM jobs WHERE id = ?').get(jobId) as
    { current_submission_id: string | null; not_to_exceed_cents: number | null } | undefined
  if (!job) throw new CloseoutError('not-found', `There is no job ${jobId}`)
  const currency =
    (sqlite.prepare('SELECT currency FROM company WHERE id = 1').get() as { currency: string } | undefined)?.currency ??
    'USD'
  const wanted = submissionId ?? job.current_submission_id
  const row = wanted
    ? (sqlite.prepare('SELECT * FROM submissions WHERE id = ? AND job_id = ?').get(wanted, jobId) as
        SubmissionsTable | undefined)
    : undefined
  if (submissionId && !row) throw new CloseoutError('not-found', `Job ${jobId} has no closeout ${submissionId}`)
  return {
    closeout: row ? closeoutView(office, row) : null,
    estimateCents: estimateTotal(office, jobId),
    notToExceedCents: job.not_to_exceed_cents,
    currency,
  }
}

function closeoutView(office: Office, s: SubmissionsTable): JobCloseout {
  const { sqlite } = office
  const doc = parseStoredCloseout(s.document_json)
  const captions = new Map((doc?.attachments ?? []).map((a) => [a.file, a.caption ?? null]))
  const lines = sqlite
    .prepare('SELECT * FROM submission_lines WHERE submission_id = ? ORDER BY line_no')
    .all(s.id) as LineRow[]
  const roleNames = new Map(
    (sqlite.prepare('SELECT role, name FROM labor_rates').all() as { role: string; name: string | null }[]).map((r) => [
      r.role,
      r.name ?? r.role,
    ]),
  )
  const photos = sqlite
    .prepare('SELECT id, category, file, mime, size, taken_at FROM attachments WHERE submission_id = ? ORDER BY id')
    .all(s.id) as {
    id: number
    category: PhotoView['category']
    file: string
    mime: string
    size: number
    taken_at: string | null
  }[]
  const history = sqlite
    .prepare('SELECT id, received_at FROM submissions WHERE job_id = ? AND id <> ? ORDER BY received_at, id')
    .all(s.job_id, s.id) as { id: string; received_at: string }[]
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
      kind: l.kind,
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
        category: p.category,
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
function estimateTotal(office: Office, jobId: string): number | null {
  const lines = office.sqlite
    .prepare(
      `SELECT e.quantity_milli, COALESCE(e.unit_price_cents, p.unit_price_cents, l.rate_cents) AS price
       FROM estimate_lines e LEFT JOIN price_book p ON p.sku = e.sku LEFT JOIN labor_rates l ON l.role = e.role WHERE e.job_id = ?`,
    )
    .all(jobId) as { quantity_milli: number; price: number | null }[]
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
