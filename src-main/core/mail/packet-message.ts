import { randomUUID } from 'node:crypto'
import type Mail from 'nodemailer/lib/mailer'
import type { MailSettings } from '../../../src-shared/api/mail'
import { CloseoutError } from '../errors'
import { fileSafe } from '../exports/export-text'
import type { PacketData } from '../packets/packet-data'
import { printDate, printMoney } from '../packets/packet-format'

/**
 * Many mail servers refuse a message over 10 MB once base64 has grown it by a third (Gmail and
 * Microsoft 365 allow 25 MB, smaller hosts less): keep the packet PDF under 7.5 MB.
 */
export const PACKET_ATTACHMENT_LIMIT_BYTES = 7.5 * 1024 * 1024

export interface PacketMessage {
  options: Mail.Options
  messageId: string
  invoiceNumber: string
}

/**
 * The message a customer receives: invoice number, total and due date in the subject and the
 * body, the packet PDF (photos inside it) as the one attachment.
 */
export function packetMessage(
  data: PacketData,
  pdf: Uint8Array,
  settings: MailSettings,
  to: string[],
  limitBytes = PACKET_ATTACHMENT_LIMIT_BYTES,
): PacketMessage {
  const invoiceNumber = data.invoiceNumber
  if (!invoiceNumber) {
    throw new CloseoutError(
      'not-invoiced',
      `${data.invoice.jobId} has no invoice number yet: export it first, then send the packet`,
    )
  }
  if (data.invoice.totalCents == null) {
    throw new CloseoutError('not-priced', `${data.invoice.jobId} has lines without a price: fix them before sending`)
  }
  if (pdf.byteLength > limitBytes) {
    throw new CloseoutError(
      'packet-too-large',
      `The packet PDF for ${invoiceNumber} is ${mb(pdf.byteLength)} MB; mail servers commonly refuse messages that size (the limit here is ${mb(limitBytes)} MB). Send it as a draft and attach fewer photos, or share the packet folder instead`,
    )
  }
  const currency = data.company.currency
  const total = printMoney(data.invoice.totalCents, currency)
  const due = printDate(data.dueDate)
  const from = settings.from || data.company.email
  const domain = (from.match(/@([^>\s]+)/)?.[1] ?? 'closeout.invalid').toLowerCase()
  const messageId = `<${randomUUID()}@${domain}>`
  const text = [
    `Hello ${data.invoice.customerName},`,
    '',
    `Please find attached invoice ${invoiceNumber} for the work at ${data.invoice.siteAddress} on ${printDate(data.invoice.serviceDate)}.`,
    '',
    `Invoice: ${invoiceNumber}`,
    `Total: ${total}`,
    `Due: ${due} (${data.terms})`,
    ...(data.invoice.poNumber ? [`Your PO: ${data.invoice.poNumber}`] : []),
    '',
    'The attached PDF holds the invoice, the work performed, the photos and the signature.',
    '',
    'Thank you,',
    data.company.name,
    ...[data.company.phone, data.company.email].filter(Boolean),
  ].join('\n')
  return {
    messageId,
    invoiceNumber,
    options: {
      from: from || undefined,
      to,
      ...(settings.replyTo ? { replyTo: settings.replyTo } : {}),
      subject: `Invoice ${invoiceNumber} from ${data.company.name}: ${total} due ${due}`,
      text,
      messageId,
      date: new Date(),
      attachments: [
        {
          filename: `${fileSafe(invoiceNumber, 30)}_${fileSafe(data.invoice.customerName)}.pdf`,
          content: Buffer.from(pdf),
          contentType: 'application/pdf',
        },
      ],
    },
  }
}

function mb(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1)
}
