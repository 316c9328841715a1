import type { SentMessage } from '../../../src-shared/api/mail'
import { CloseoutError } from '../errors'
import { withTransaction } from '../db/engine-db'
import { releaseNamedLock, tryHoldNamedLock } from '../db/pg/advisory-locks.repo'
import { appendEventIn, type JobEvent } from '../lifecycle/event-log'
import type { Office } from '../office'
import { loadPacketData } from '../packets/packet-data'
import { buildPacketPdf, packetFolderName } from '../packets/packet-folder'
import { writeDraft } from './draft-eml'
import { readMailSettingsAsync, smtpPassword } from './mail-settings'
import { packetMessage, PACKET_ATTACHMENT_LIMIT_BYTES } from './packet-message'
import { packetRecipients } from './recipients'
import { smtpSender, type SmtpSender, type SmtpTimeouts } from './smtp-send'

export interface SendPacketOptions {
  actor: string
  to?: readonly string[] | undefined
  again?: boolean
  /** A batch shares one pooled connection. */
  sender?: SmtpSender
  timeouts?: SmtpTimeouts
  limitBytes?: number
}

/** Jobs being sent right now: a double click or a second window cannot send a packet twice. */
const inFlight = new WeakMap<Office, Set<string>>()

/**
 * On PostgreSQL, every seat: a job being sent holds a lock named after it on a connection of its
 * own until its send is recorded, so another PC pressing Send at the same moment is told so
 * instead of mailing the customer a second time. A seat that dies lets go with its connection.
 */
async function acrossSeats<T>(office: Office, jobId: string, send: () => Promise<T>): Promise<T> {
  if (office.engine !== 'postgres') return send()
  return office.db.connection().execute(async (connection) => {
    const name = `send:${jobId}`
    if (!(await tryHoldNamedLock(connection, name)))
      throw new CloseoutError('send-in-progress', `${jobId} is being sent from another PC right now`)
    try {
      return await send()
    } finally {
      await releaseNamedLock(connection, name)
    }
  })
}

/**
 * Sends one invoiced job's packet (SMTP) or writes it as a mail-app draft, then records
 * `invoice-sent` with the recipients and message id. Anything that fails before the server
 * accepts the message leaves the job exactly as it was; a job already sent for this invoice
 * number is refused unless `again`.
 */
export async function sendPacket(office: Office, jobId: string, options: SendPacketOptions): Promise<SentMessage> {
  const busy = inFlight.get(office) ?? new Set<string>()
  inFlight.set(office, busy)
  if (busy.has(jobId)) throw new CloseoutError('send-in-progress', `${jobId} is being sent right now`)
  busy.add(jobId)
  try {
    return await acrossSeats(office, jobId, () => sendOnce(office, jobId, options))
  } finally {
    busy.delete(jobId)
  }
}

async function sendOnce(office: Office, jobId: string, options: SendPacketOptions): Promise<SentMessage> {
  const data = await loadPacketData(office, jobId)
  if (data.status !== 'invoiced' || !data.invoiceNumber) {
    throw new CloseoutError(
      'not-invoiced',
      `${jobId} is ${data.status}: only an exported (invoiced) job has an invoice to send`,
    )
  }
  const earlier = sendsOf(data.events, data.invoiceNumber).at(-1)
  if (earlier && !options.again) {
    throw new CloseoutError(
      'already-sent',
      `${data.invoiceNumber} was already sent to ${earlier.to.join(', ')} at ${earlier.at}; choose "Send again" to send it once more`,
    )
  }
  const to = await packetRecipients(office, data.invoice.customerId, options.to)
  const settings = await readMailSettingsAsync(office)
  const { pdf } = await buildPacketPdf(office, data)
  const message = packetMessage(data, pdf, settings, to, options.limitBytes ?? PACKET_ATTACHMENT_LIMIT_BYTES)

  let draftFile: string | null = null
  let messageId = message.messageId
  if (settings.mode === 'smtp') {
    const sender =
      options.sender ??
      smtpSender(settings, smtpPassword(office), options.timeouts ? { timeouts: options.timeouts } : {})
    try {
      messageId = (await sender.send(message.options)).messageId || messageId
    } finally {
      if (!options.sender) sender.close()
    }
  } else {
    draftFile = await writeDraft(office.dataDir, packetFolderName(data), message.options)
  }

  const at = new Date().toISOString()
  const sent: SentMessage = {
    jobId,
    invoiceNumber: message.invoiceNumber,
    to,
    messageId,
    mode: settings.mode,
    at,
    draftFile,
  }
  // The server accepted the message (or the draft is written): its record commits on either engine.
  const record = {
    jobId,
    type: 'invoice-sent',
    actor: options.actor,
    at,
    data: {
      invoiceNumber: sent.invoiceNumber,
      to,
      messageId,
      mode: sent.mode,
      ...(earlier ? { again: true } : {}),
      ...(draftFile ? { draftFile } : {}),
    },
  }
  await withTransaction(office, (trx) => appendEventIn(trx, record))
  office.events.emit('jobs.changed', { reason: 'sent', jobIds: [jobId] })
  return sent
}

export interface RecordedSend {
  at: string
  to: string[]
  messageId: string
  mode: string
  actor: string
}

/** The sends recorded for one invoice number, oldest first. */
export function sendsOf(events: readonly JobEvent[], invoiceNumber: string): RecordedSend[] {
  return events
    .filter((e) => e.type === 'invoice-sent' && e.data.invoiceNumber === invoiceNumber)
    .map((e) => ({
      at: e.at,
      to: (e.data.to as string[] | undefined) ?? [],
      messageId: String(e.data.messageId ?? ''),
      mode: String(e.data.mode ?? 'smtp'),
      actor: e.actor,
    }))
}
