import { createHash } from 'node:crypto'
import { PDFArray, PDFDocument, PDFHexString, type PDFImage } from 'pdf-lib'
import { formatMilli } from '../../../src-shared/domain/money'
import { packetLineForm } from '../exports/export-lines'
import { ACCENT, Canvas, embedFonts, FILL, MUTED, PAGE } from './pdf-canvas'
import { categoryLabel, describeEvent, printDate, printDateTime, printMoney, printUnitPrice } from './packet-format'
import type { PacketData } from './packet-data'
import { accuracyWords, coordinates, mapLink } from '../../../src-shared/domain/site-location'
import { embedPicture, type PrintablePicture } from './packet-images'

const LEFT = PAGE.margin
const RIGHT = PAGE.width - PAGE.margin
const BOTTOM = PAGE.height - PAGE.margin - 24

/** Each attachment ready to embed, by sha256 (packet-images.ts; left out when it cannot be shown). */
export type ImageBytes = ReadonlyMap<string, PrintablePicture>

/**
 * Which copy: the customer's says who did what and when in words; the office's adds each
 * event's number, actor id and hash (the tamper-evident proof), marked OFFICE COPY.
 */
export type PacketCopy = 'customer' | 'office'

/**
 * The invoice packet: page 1 the invoice; then photos two a page, the sign-off and the
 * approval trail. Deterministic: dates and the file ID come from the job, so the same job
 * gives the same bytes.
 */
export async function renderPacketPdf(
  data: PacketData,
  images: ImageBytes,
  copy: PacketCopy = 'customer',
): Promise<{ bytes: Uint8Array; pages: number }> {
  const pdf = await PDFDocument.create({ updateMetadata: false })
  const fonts = await embedFonts(pdf)
  const title = `Invoice ${data.invoiceNumber ?? `DRAFT ${data.invoice.jobId}`}`
  const fixed = new Date(data.invoice.completedAt)
  pdf.setTitle(title)
  pdf.setAuthor(data.company.name)
  pdf.setSubject(`${data.invoice.customerName}, job ${data.invoice.jobId}`)
  pdf.setCreator('Closeout')
  pdf.setProducer('Closeout')
  pdf.setCreationDate(fixed)
  pdf.setModificationDate(fixed)
  const id = createHash('sha256')
    .update(
      `${data.invoice.jobId}\n${data.invoice.submissionId}\n${data.invoiceNumber ?? ''}${copy === 'office' ? '\noffice' : ''}`,
    )
    .digest('hex')
    .slice(0, 32)
  pdf.context.trailerInfo.ID = PDFArray.withContext(pdf.context)
  ;(pdf.context.trailerInfo.ID as PDFArray).push(PDFHexString.of(id))
  ;(pdf.context.trailerInfo.ID as PDFArray).push(PDFHexString.of(id))

  const pages: Canvas[] = []
  const newPage = () => {
    const c = new Canvas(pdf.addPage([PAGE.width, PAGE.height]), fonts)
    pages.push(c)
    return c
  }
  invoicePages(data, newPage)
  await photoPages(pdf, data, images, newPage)
  await signaturePage(pdf, data, images, newPage, copy)
  trailPages(data, newPage, copy)
  pages.forEach((c, i) => footer(c, data, copy === 'office' ? `${title} · OFFICE COPY` : title, i + 1, pages.length))
  return { bytes: await pdf.save(), pages: pages.length }
}

function footer(c: Canvas, data: PacketData, title: string, n: number, of: number): void {
  c.rule(PAGE.height - 40)
  c.text(`${data.company.name} · ${title} · Job ${data.invoice.jobId}`, LEFT, PAGE.height - 34, {
    size: 7.5,
    color: MUTED,
  })
  c.textRight(`Page ${n} of ${of}`, RIGHT, PAGE.height - 34, { size: 7.5, color: MUTED })
}

function pageTitle(c: Canvas, text: string, sub?: string): void {
  c.text(text, LEFT, c.y, { size: 15, bold: true, color: ACCENT })
  if (sub) c.textRight(sub, RIGHT, c.y + 4, { size: 9, color: MUTED })
  c.y += 26
  c.rule(c.y - 6)
}

function invoicePages(data: PacketData, newPage: () => Canvas): void {
  const inv = data.invoice
  const cur = data.company.currency
  let c = newPage()
  // Header: company left, invoice facts right.
  c.text(data.company.name, LEFT, c.y, { size: 17, bold: true })
  let y = c.y + 24
  for (const line of [data.company.address, [data.company.phone, data.company.email].filter(Boolean).join('  ·  ')]) {
    if (!line) continue
    c.text(line, LEFT, y, { size: 8.5, color: MUTED })
    y += 12
  }
  c.textRight(data.invoiceNumber ? 'INVOICE' : 'INVOICE (DRAFT)', RIGHT, c.y, { size: 20, bold: true, color: ACCENT })
  const facts: [string, string][] = [
    ['Invoice no.', data.invoiceNumber ?? 'not yet numbered'],
    ['Invoice date', printDate(data.invoiceDate)],
    ['Due date', printDate(data.dueDate)],
    ['Terms', data.terms],
    ...(inv.poNumber ? ([['PO', inv.poNumber]] as [string, string][]) : []),
    ['Job', inv.jobId],
  ]
  let fy = c.y + 30
  for (const [k, v] of facts) {
    c.textRight(k, RIGHT - 110, fy, { size: 8.5, color: MUTED })
    c.textRight(v, RIGHT, fy, { size: 8.5, bold: k === 'Invoice no.' })
    fy += 12.5
  }
  c.y = Math.max(y, fy) + 12
  c.rule(c.y)
  c.y += 14

  // Bill to / service location / technician.
  const colW = (RIGHT - LEFT) / 3
  const blocks: [string, string[]][] = [
    ['BILL TO', [inv.customerName, ...splitAddress(inv.customerAddress), inv.customerEmail].filter(Boolean)],
    ['SERVICE LOCATION', splitAddress(inv.siteAddress)],
    [
      'SERVICE',
      [
        inv.technician ? `Technician: ${inv.technician}` : '',
        `Completed: ${printDateTime(inv.completedAt, data.siteOffsetMinutes)}`,
        data.jobType ? `Type: ${data.jobType}` : '',
      ].filter(Boolean),
    ],
  ]
  let tallest = 0
  blocks.forEach(([label, lines], i) => {
    const x = LEFT + i * colW
    c.text(label, x, c.y, { size: 7.5, bold: true, color: MUTED })
    let by = c.y + 13
    lines.forEach((line, j) => {
      for (const w of c.wrap(line, colW - 12, { size: 9, bold: i === 0 && j === 0 })) {
        c.text(w, x, by, { size: 9, bold: i === 0 && j === 0 })
        by += 12
      }
    })
    tallest = Math.max(tallest, by - c.y)
  })
  c.y += tallest + 10

  // Work performed.
  const work = [
    ...data.workPerformed.tasks.map((t) => `• ${t}`),
    data.workPerformed.notes,
    data.serialNumbers.length ? `Serial numbers: ${data.serialNumbers.join(', ')}` : '',
  ].filter(Boolean)
  if (work.length) {
    c.text('WORK PERFORMED', LEFT, c.y, { size: 7.5, bold: true, color: MUTED })
    c.y += 13
    for (const w of work) c.paragraph(w, LEFT, RIGHT - LEFT, { size: 9 })
    c.y += 10
  }

  // Lines.
  const cols = { qty: RIGHT - 190, rate: RIGHT - 90, amount: RIGHT - 6 }
  const tableHeader = (cv: Canvas) => {
    cv.box(LEFT, cv.y, RIGHT - LEFT, 18, FILL)
    cv.text('Description', LEFT + 6, cv.y + 5, { size: 8, bold: true })
    cv.textRight('Qty', cols.qty, cv.y + 5, { size: 8, bold: true })
    cv.textRight('Rate', cols.rate, cv.y + 5, { size: 8, bold: true })
    cv.textRight('Amount', cols.amount, cv.y + 5, { size: 8, bold: true })
    cv.y += 24
  }
  tableHeader(c)
  for (const line of inv.lines.filter((l) => l.kind !== 'discount')) {
    const { quantityMilli, unitE4, description } = packetLineForm(line)
    const wrapped = c.wrap(description, cols.qty - LEFT - 60, { size: 9 })
    if (c.y + wrapped.length * 12 > BOTTOM - 90) {
      c = newPage()
      pageTitle(c, 'Invoice (continued)', data.invoiceNumber ?? '')
      tableHeader(c)
    }
    wrapped.forEach((w, i) => c.text(w, LEFT + 6, c.y + i * 12, { size: 9 }))
    c.textRight(formatMilli(quantityMilli), cols.qty, c.y, { size: 9 })
    c.textRight(printUnitPrice(unitE4, cur), cols.rate, c.y, { size: 9 })
    c.textRight(printMoney(line.amountCents, cur), cols.amount, c.y, { size: 9 })
    c.y += wrapped.length * 12 + 4
    c.rule(c.y - 2)
    c.y += 4
  }

  // Totals.
  c.y += 6
  const totals: [string, number, boolean][] = [['Subtotal', inv.subtotalCents ?? 0, false]]
  if (inv.discountCents)
    totals.push([
      inv.lines.find((l) => l.kind === 'discount')?.description.replace(/ \((non-)?taxable items\)$/, '') ?? 'Discount',
      -inv.discountCents,
      false,
    ])
  totals.push([inv.tax ? `${inv.tax.name} (${formatMilli(inv.tax.rateMilli)}%)` : 'Tax', inv.taxCents ?? 0, false])
  for (const [label, cents] of totals) {
    const shown = c.wrap(label, 190, { size: 9 })[0] ?? label
    c.textRight(shown, cols.rate, c.y, { size: 9, color: MUTED })
    c.textRight(printMoney(cents, cur), cols.amount, c.y, { size: 9 })
    c.y += 14
  }
  c.box(cols.rate - 150, c.y - 2, RIGHT - (cols.rate - 150), 22, FILL)
  c.textRight(`Total due (${cur})`, cols.rate, c.y + 4, { size: 10.5, bold: true })
  c.textRight(printMoney(inv.totalCents ?? 0, cur), cols.amount, c.y + 3, { size: 11.5, bold: true, color: ACCENT })
  c.y += 34
  c.paragraph(
    `Payment terms: ${data.terms}. Please quote invoice ${data.invoiceNumber ?? inv.jobId} with your payment. Thank you for your business.`,
    LEFT,
    RIGHT - LEFT,
    { size: 8.5, color: MUTED },
  )
}

function splitAddress(address: string): string[] {
  const at = address.indexOf(',')
  return at < 0 ? [address] : [address.slice(0, at).trim(), address.slice(at + 1).trim()]
}

async function embed(pdf: PDFDocument, picture: PrintablePicture | undefined): Promise<PDFImage | null> {
  if (!picture) return null
  try {
    return await embedPicture(pdf, picture)
  } catch {
    // A photo pdf-lib cannot read is listed by name instead of breaking the packet.
    return null
  }
}

async function photoPages(
  pdf: PDFDocument,
  data: PacketData,
  images: ImageBytes,
  newPage: () => Canvas,
): Promise<void> {
  const order = ['before', 'after', 'serial-plate', 'other']
  const rank = (category: string) => (order.includes(category) ? order.indexOf(category) : order.length)
  const photos = [...data.photos].sort((a, b) => rank(a.category) - rank(b.category))
  const slotH = (BOTTOM - PAGE.margin - 40) / 2 - 24
  for (let i = 0; i < photos.length; i += 2) {
    const c = newPage()
    pageTitle(c, 'Photos', `${photos.length} photo${photos.length === 1 ? '' : 's'}`)
    for (const photo of photos.slice(i, i + 2)) {
      const img = await embed(pdf, images.get(photo.sha256))
      const caption = `${categoryLabel(photo.category)}${photo.takenAt ? ` · ${printDateTime(photo.takenAt, data.siteOffsetMinutes)}` : ''} · ${photo.file}`
      if (img) {
        const scale = Math.min((RIGHT - LEFT) / img.width, slotH / img.height)
        const w = img.width * scale
        const h = img.height * scale
        c.page.drawImage(img, { x: LEFT + (RIGHT - LEFT - w) / 2, y: PAGE.height - c.y - h, width: w, height: h })
        c.y += h + 6
      } else {
        c.box(LEFT, c.y, RIGHT - LEFT, 40, FILL)
        c.text(
          `This photo (${photo.mime}) cannot be shown in the PDF; the original is in the packet folder.`,
          LEFT + 8,
          c.y + 14,
          { size: 9, color: MUTED },
        )
        c.y += 46
      }
      c.text(caption, LEFT, c.y, { size: 9, bold: true })
      c.y += 24
    }
  }
}

async function signaturePage(
  pdf: PDFDocument,
  data: PacketData,
  images: ImageBytes,
  newPage: () => Canvas,
  copy: PacketCopy,
): Promise<void> {
  const c = newPage()
  pageTitle(c, 'Customer sign-off')
  const sig = data.signature
  const img = sig.photo ? await embed(pdf, images.get(sig.photo.sha256)) : null
  if (img) {
    const scale = Math.min(300 / img.width, 120 / img.height)
    c.box(LEFT, c.y, 320, 140, FILL)
    c.page.drawImage(img, {
      x: LEFT + 10,
      y: PAGE.height - c.y - 10 - img.height * scale,
      width: img.width * scale,
      height: img.height * scale,
    })
    c.y += 150
  }
  if (sig.signerName) {
    c.paragraph(
      `Signed by ${sig.signerName}${sig.signedAt ? ` on ${printDateTime(sig.signedAt, data.siteOffsetMinutes)}` : ''}`,
      LEFT,
      RIGHT - LEFT,
      { size: 11, bold: true },
    )
  } else {
    c.paragraph('No customer signature', LEFT, RIGHT - LEFT, { size: 11, bold: true })
    c.paragraph(`Reason given by the technician: ${sig.exceptionReason ?? 'none recorded'}`, LEFT, RIGHT - LEFT, {
      size: 10,
    })
  }
  const at = data.location
  if (at) {
    // Only when the technician chose to add it: where the phone was when the job was closed.
    const accuracy = accuracyWords(at)
    c.y += 6
    c.paragraph(
      `Job closed at ${coordinates(at)}${accuracy ? ` (GPS, ${accuracy})` : ' (GPS)'} on ${printDateTime(data.invoice.completedAt, data.siteOffsetMinutes)}`,
      LEFT,
      RIGHT - LEFT,
      { size: 10 },
    )
    if (copy === 'office') c.paragraph(`Map: ${mapLink(at)}`, LEFT, RIGHT - LEFT, { size: 8, color: MUTED })
  }
}

function trailPages(data: PacketData, newPage: () => Canvas, copy: PacketCopy): void {
  const office = copy === 'office'
  const name = (id: string) => data.people[id.replace(/^tech:/, '')] ?? id.replace(/-/g, ' ')
  const textWidth = RIGHT - LEFT - 150
  let c = newPage()
  pageTitle(c, 'Approval trail', office ? 'OFFICE COPY: from the tamper-evident event log' : 'who did what, and when')
  for (const e of data.events) {
    const lines = c.wrap(describeEvent(e.type, e.data, name), textWidth, { size: 9 })
    const by = c.wrap(
      office ? `by ${name(e.actor)} (${e.actor}) · #${e.id} · sha256 ${e.hash}` : `by ${name(e.actor)}`,
      textWidth,
      { size: office ? 6.5 : 8 },
    )
    if (c.y + lines.length * 12 + by.length * 9 + 16 > BOTTOM) {
      c = newPage()
      pageTitle(c, 'Approval trail (continued)')
    }
    c.text(printDateTime(e.at, data.siteOffsetMinutes), LEFT, c.y, { size: 8.5 })
    lines.forEach((l, i) =>
      c.text(l, LEFT + 150, c.y + i * 12, { size: 9, bold: i === 0 && e.type !== 'status-changed' }),
    )
    c.y += lines.length * 12
    by.forEach((l, i) => c.text(l, LEFT + 150, c.y + i * 9, { size: office ? 6.5 : 8, color: MUTED }))
    c.y += by.length * 9 + 7
  }
  const last = data.events[data.events.length - 1]
  if (last && office) {
    c.y += 6
    c.paragraph(
      `The log is hash-chained: each event's hash covers the previous one. Last hash: ${last.hash}. Check it with "closeout verify-log".`,
      LEFT,
      RIGHT - LEFT,
      { size: 8, color: MUTED },
    )
  }
}
