import type { Kysely } from 'kysely'
import { readJobEventsAsync, type JobEvent } from '../lifecycle/event-log'
import { CloseoutError } from '../errors'
import { readCompanyInfo } from '../setup/company-reads.repo'
import { addDays, localDate } from '../exports/export-text'
import { termsName } from '../exports/export-invoice'
import { loadInvoiceSources, type InvoiceSource } from '../exports/invoice-source'
import type { EngineDb } from '../db/engine-db'
import type { Database } from '../db/schema'
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

/**
 * One job's packet as the database stands, on either engine (issue #17): reads only, so the
 * PDF (packet-pdf.ts, a pure function of this) comes out the same from the SQLite file and
 * from PostgreSQL.
 */
export async function loadPacketData(edb: EngineDb, jobId: string): Promise<PacketData> {
  const { db } = edb
  const job = await db
    .selectFrom('jobs as j')
    .leftJoin('job_types as jt', 'jt.id', 'j.job_type_id')
    .select(['j.id', 'j.status', 'jt.name as job_type'])
    .where('j.id', '=', jobId)
    .executeTakeFirst()
  if (!job) throw new CloseoutError('not-found', `There is no job ${jobId}`)
  const [invoice] = await loadInvoiceSources(edb, [jobId])
  if (!invoice)
    throw new CloseoutError('no-closeout', `${jobId} has no closeout yet: a packet needs the technician's submission`)
  const company = await readCompanyInfo(edb) // refuses an office without a company (no-company)
  const companyRow = (await db
    .selectFrom('company')
    .select(['name', 'address', 'phone', 'email', 'currency'])
    .where('id', '=', 1)
    .executeTakeFirst())!
  // The invoice source joined this submission as the job's current one: it is there.
  const sub = (await db
    .selectFrom('submissions')
    .select(['document_json', 'signer_name', 'signed_at', 'signature_attachment_id', 'no_signature_reason'])
    .where('id', '=', invoice.submissionId)
    .executeTakeFirst())!
  const attachments = await db
    .selectFrom('attachments')
    .select(['id', 'file', 'category', 'sha256', 'mime', 'taken_at'])
    .where('submission_id', '=', invoice.submissionId)
    .orderBy('id')
    .execute()
  const toPhoto = (a: (typeof attachments)[number]): PacketPhoto => ({
    file: a.file,
    category: a.category,
    sha256: a.sha256,
    mime: a.mime,
    takenAt: a.taken_at,
  })
  const signatureRow =
    attachments.find((a) => a.id === sub.signature_attachment_id) ?? attachments.find((a) => a.category === 'signature')
  const events = await readJobEventsAsync(db, jobId)
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
    people: await peopleNames(db),
    siteOffsetMinutes: offsetMinutesOf(invoice.completedAt),
    status: job.status,
  }
}

/** Who the event log's actors are, in words: technicians and users by name, the rest spelled out. */
async function peopleNames(db: Kysely<Database>): Promise<Record<string, string>> {
  const names: Record<string, string> = {
    rules: 'Closeout (the rules)',
    inbox: 'Closeout',
    office: 'the office',
    'setup-import': 'setup import',
    'csv-import': 'CSV import',
    dispatch: 'Dispatch',
  }
  const people = [
    ...(await db.selectFrom('technicians').select(['id', 'name']).orderBy('id').execute()),
    ...(await db.selectFrom('users').select(['id', 'name']).orderBy('id').execute()),
  ]
  for (const r of people) names[r.id] = r.name.replace(/\s*\([^)]*\)$/, '')
  return names
}
