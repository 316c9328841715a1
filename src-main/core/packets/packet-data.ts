import { readJobEvents, type JobEvent } from '../lifecycle/event-log'
import { CloseoutError } from '../errors'
import { readCompany } from '../exports/export-plan'
import { addDays, localDate } from '../exports/export-text'
import { termsName } from '../exports/export-invoice'
import { loadInvoiceSources, type InvoiceSource } from '../exports/invoice-source'
import type { Office } from '../office'
import { parseStoredCloseout } from '../jobs/stored-closeout'
import { siteLocationOf, type SiteLocation } from '../../../src-shared/domain/site-location'
import { offsetMinutesOf } from './packet-format'

export interface PacketPhoto {
  file: string
  category: string
  sha256: string
  mime: string
  takenAt: string | null
}

/** Everything the packet prints, read once; the PDF is a pure function of this. */
export interface PacketData {
  company: { name: string; address: string; phone: string; email: string; currency: string }
  invoice: InvoiceSource
  /** null until an export numbers the job: the packet then says DRAFT. */
  invoiceNumber: string | null
  /** YYYY-MM-DD: the day it was invoiced, else the day the work was completed. */
  invoiceDate: string
  dueDate: string
  terms: string
  jobType: string | null
  workPerformed: { tasks: string[]; notes: string }
  serialNumbers: string[]
  /** The technician's optional GPS fix, taken when the job was closed (invoice.completedAt). */
  location: SiteLocation | null
  photos: PacketPhoto[]
  signature: {
    photo: PacketPhoto | null
    signerName: string | null
    signedAt: string | null
    exceptionReason: string | null
  }
  documentJson: string
  events: JobEvent[]
  /** Names for the ids in the event log (technicians, office users) and words for system actors. */
  people: Record<string, string>
  /** The offset the job's completion was written with: office times print in that zone. */
  siteOffsetMinutes: number | null
  status: string
}

export function loadPacketData(office: Office, jobId: string): PacketData {
  const { sqlite } = office
  const job = sqlite
    .prepare(
      'SELECT j.id, j.status, jt.name AS job_type FROM jobs j LEFT JOIN job_types jt ON jt.id = j.job_type_id WHERE j.id = ?',
    )
    .get(jobId) as { id: string; status: string; job_type: string | null } | undefined
  if (!job) throw new CloseoutError('not-found', `There is no job ${jobId}`)
  const invoice = loadInvoiceSources(office, [jobId])[0]
  if (!invoice)
    throw new CloseoutError('no-closeout', `${jobId} has no closeout yet: a packet needs the technician's submission`)
  const companyRow = sqlite
    .prepare('SELECT name, address, phone, email, currency FROM company WHERE id = 1')
    .get() as PacketData['company']
  const company = readCompany(office)
  const sub = sqlite
    .prepare(
      'SELECT document_json, signer_name, signed_at, signature_attachment_id, no_signature_reason FROM submissions WHERE id = ?',
    )
    .get(invoice.submissionId) as {
    document_json: string
    signer_name: string | null
    signed_at: string | null
    signature_attachment_id: number | null
    no_signature_reason: string | null
  }
  const attachments = sqlite
    .prepare('SELECT id, file, category, sha256, mime, taken_at FROM attachments WHERE submission_id = ? ORDER BY id')
    .all(invoice.submissionId) as {
    id: number
    file: string
    category: string
    sha256: string
    mime: string
    taken_at: string | null
  }[]
  const toPhoto = (a: (typeof attachments)[number]): PacketPhoto => ({
    file: a.file,
    category: a.category,
    sha256: a.sha256,
    mime: a.mime,
    takenAt: a.taken_at,
  })
  const signatureRow =
    attachments.find((a) => a.id === sub.signature_attachment_id) ?? attachments.find((a) => a.category === 'signature')
  const events = readJobEvents(sqlite, jobId)
  const invoiced = [...events].reverse().find((e) => e.type === 'invoiced')
  // The date the export gave the invoice (company.invoiceDate); older events only have the export's time.
  const exportedDate = (invoiced?.data as { invoiceDate?: unknown } | undefined)?.invoiceDate
  const invoiceDate =
    typeof exportedDate === 'string' ? exportedDate : invoiced ? localDate(new Date(invoiced.at)) : invoice.serviceDate
  const doc = parseStoredCloseout(sub.document_json)
  return {
    company: companyRow,
    invoice,
    invoiceNumber: invoice.invoiceNumber,
    invoiceDate,
    dueDate: addDays(invoiceDate, company.paymentTermsDays),
    terms: termsName(company.paymentTermsDays),
    jobType: job.job_type,
    workPerformed: { tasks: doc?.workPerformed.tasks ?? [], notes: doc?.workPerformed.notes ?? '' },
    serialNumbers: doc?.serialNumbers ?? [],
    location: siteLocationOf(doc),
    photos: attachments.filter((a) => a !== signatureRow && a.category !== 'signature').map(toPhoto),
    signature: {
      photo: signatureRow ? toPhoto(signatureRow) : null,
      signerName: sub.signer_name,
      signedAt: sub.signed_at,
      exceptionReason:
        sub.no_signature_reason ?? doc?.exceptions.find((e) => e.kind === 'no-signature')?.reason ?? null,
    },
    documentJson: sub.document_json,
    events,
    people: peopleNames(sqlite),
    siteOffsetMinutes: offsetMinutesOf(invoice.completedAt),
    status: job.status,
  }
}

/** Who the event log's actors are, in words: technicians and users by name, the rest spelled out. */
function peopleNames(sqlite: Office['sqlite']): Record<string, string> {
  const names: Record<string, string> = {
    rules: 'Closeout (the rules)',
    inbox: 'Closeout',
    office: 'the office',
    'setup-import': 'setup import',
    'csv-import': 'CSV import',
    dispatch: 'Dispatch',
  }
  for (const table of ['technicians', 'users'])
    for (const r of sqlite.prepare(`SELECT id, name FROM ${table}`).all() as { id: string; name: string }[])
      names[r.id] = r.name.replace(/\s*\([^)]*\)$/, '')
  return names
}
