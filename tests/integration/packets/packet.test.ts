import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runExport } from '../../../src-main/core/exports/export-batches'
import type { SqliteOffice } from '../../../src-main/core/office'
import { writePacket } from '../../../src-main/core/packets/packet-folder'
import { addReadyJob, repairLines } from '../../support/invoice-builder'
import { exportScenario, EXPORT_NOW } from '../../support/export-scenario'
import { pdfImages, pdfText, pdfTextItems } from '../../support/pdf-read'
import { ROOT } from '../../support/temp-office'

const SIX_PHOTOS = [
  { fixture: 'before-1.jpg', category: 'before' as const, takenAt: '2026-11-24T12:45:00-06:00' },
  { fixture: 'before-2.jpg', category: 'before' as const, takenAt: '2026-11-24T12:46:00-06:00' },
  { fixture: 'after-1.jpg', category: 'after' as const, takenAt: '2026-11-24T13:55:00-06:00' },
  { fixture: 'after-2.jpg', category: 'after' as const },
  { fixture: 'serial-plate-1.jpg', category: 'serial-plate' as const },
  { fixture: 'other-1.jpg', category: 'other' as const },
]

let office: SqliteOffice
let dispose: () => Promise<void>
let out: string

beforeAll(async () => {
  const s = await exportScenario()
  office = s.office
  dispose = s.dispose
  await addReadyJob(office, {
    jobId: 'J-1045',
    submissionId: '00000000-0000-4000-8000-000000001045',
    lines: [
      ...repairLines(),
      {
        kind: 'adjustment',
        adjustmentKind: 'trip-charge',
        description: 'Trip charge',
        quantityMilli: 1000,
        amountCents: 4900,
      },
    ],
    photos: SIX_PHOTOS,
    signerName: 'Pat Doe',
  })
  await runExport(office, { format: 'qbo-csv', outDir: join(office.dataDir, 'out'), user: 'U-1' }, EXPORT_NOW)
  out = join(office.dataDir, '..', 'packets')
})
afterAll(async () => dispose())

const text = (pdf: string) => pdfText(pdf)

describe('invoice packet', () => {
  it('writes <invoice no>_<customer>_<date>/ with packet.pdf, the original photos and closeout.json', async () => {
    const r = await writePacket(office, 'J-1045', out)
    expect(r.folder).toBe(join(out, 'INV-1045_Brightside-Bakery_2026-11-25'))
    expect(r.files.sort()).toEqual([
      'closeout.json',
      'office-copy.pdf',
      'packet.pdf',
      'photos/after-1.jpg',
      'photos/after-2.jpg',
      'photos/before-1.jpg',
      'photos/before-2.jpg',
      'photos/other-1.jpg',
      'photos/serial-plate-1.jpg',
      'signature.png',
    ])
    expect(
      readFileSync(join(r.folder, 'photos', 'before-1.jpg')).equals(
        readFileSync(join(ROOT, 'tests', 'fixtures', 'packets', 'before-1.jpg')),
      ),
    ).toBe(true)
    expect(JSON.parse(readFileSync(join(r.folder, 'closeout.json'), 'utf8'))).toMatchObject({
      schema: 'closeout/v1',
      job: { id: 'J-1045' },
    })

    const pdf = join(r.folder, 'packet.pdf')
    const page1 = await pdfText(pdf, { first: 1, last: 1 })
    for (const s of [
      'INVOICE',
      'INV-1045',
      'Brightside Bakery',
      'Due date',
      'Net 30',
      'Sam Ortiz',
      'Journeyman technician',
      'Trip charge',
      'Subtotal',
      'Cook County sales tax (9%)',
      'Total due (USD)',
    ]) {
      expect(page1).toContain(s)
    }
    // 187.50 + 38.00 + 49.00 = 274.50; 9% of the taxable 38.00 = 3.42.
    expect(page1).toContain('$277.92')
    const all = await text(pdf)
    expect(all).toContain('Signed by Pat Doe')
    expect(all).toContain('Approval trail')
    expect(all).toContain('Invoiced as INV-1045 (export batch 1, QuickBooks Online)')
    const lastHash = (
      office.sqlite.prepare(`SELECT hash FROM job_events WHERE job_id = 'J-1045' ORDER BY id DESC LIMIT 1`).get() as {
        hash: string
      }
    ).hash
    expect(all.replace(/\s+/g, '')).not.toContain(lastHash)
    expect((await text(join(r.folder, 'office-copy.pdf'))).replace(/\s+/g, '')).toContain(lastHash)

    const images = await pdfImages(pdf)
    expect(images).toHaveLength(7)
    expect(images.filter((i) => i.kind === 'jpeg')).toHaveLength(6)
  })

  it("the customer's copy says who did what and when in words; hashes and ids are only in the office copy", async () => {
    const r = await writePacket(office, 'J-1045', join(out, 'copies'))
    const customer = await text(join(r.folder, 'packet.pdf'))
    const trail = customer.slice(customer.indexOf('Approval trail'))
    expect(trail).toContain('Closeout received from Sam Ortiz')
    expect(trail).toContain('by Sam Ortiz')
    expect(trail).toContain('by Dana Kim')
    expect(trail).toMatch(/Invoice ready/)
    for (const id of [/sha256/i, /\b[0-9a-f]{16,}\b/, /tech:/, /\bT-\d+\b/, /\bU-\d+\b/, /#\d+\b/, /->/])
      expect(trail).not.toMatch(id)
    const officeCopy = await text(join(r.folder, 'office-copy.pdf'))
    expect(officeCopy).toContain('OFFICE COPY')
    expect(officeCopy).toMatch(/sha256/)
    expect(officeCopy).toContain('by Sam Ortiz (T-07)')
  })

  it('no text runs past a margin, in either copy', async () => {
    const r = await writePacket(office, 'J-1045', join(out, 'margins'))
    for (const file of ['packet.pdf', 'office-copy.pdf']) {
      const outside = (await pdfTextItems(join(r.folder, file))).filter(
        (i) => i.x < 48 - 0.5 || i.x + i.width > i.pageWidth - 48 + 0.5,
      )
      expect(outside.map((i) => `${file} p${i.page}: "${i.text}" ${i.x.toFixed(1)}+${i.width.toFixed(1)}`)).toEqual([])
    }
  })

  it("prints every time in the zone of the job's site, the one its completion was written in", async () => {
    const r = await writePacket(office, 'J-1045', join(out, 'zone'))
    const { completed_at: completedAt } = office.sqlite
      .prepare(`SELECT completed_at FROM submissions WHERE job_id = 'J-1045'`)
      .get() as { completed_at: string }
    const offset = /([+-])(\d\d):(\d\d)$/.exec(completedAt)!
    const minutes = (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3]))
    const invoicedAt = (
      office.sqlite.prepare(`SELECT at FROM job_events WHERE job_id = 'J-1045' AND type = 'invoiced'`).get() as {
        at: string
      }
    ).at
    const wall = new Date(Date.parse(invoicedAt) + minutes * 60_000)
    const h = wall.getUTCHours()
    const expected = `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][wall.getUTCMonth()]} ${wall.getUTCDate()}, ${wall.getUTCFullYear()}, ${h % 12 === 0 ? 12 : h % 12}:${String(wall.getUTCMinutes()).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`
    expect(completedAt).not.toMatch(/Z$/)
    expect(await text(join(r.folder, 'packet.pdf'))).toContain(expected)
  })

  it('is deterministic: the same job gives a byte-identical PDF', async () => {
    const a = await writePacket(office, 'J-1045', join(out, 'a'))
    const b = await writePacket(office, 'J-1045', join(out, 'b'))
    expect(a.pdfSha256).toBe(b.pdfSha256)
    expect(readFileSync(join(a.folder, 'packet.pdf')).equals(readFileSync(join(b.folder, 'packet.pdf')))).toBe(true)
  })

  it('prints accented names, the no-signature reason, and DRAFT before the job is numbered', async () => {
    const pena = await writePacket(office, 'J-1044', out)
    expect(await text(join(pena.folder, 'packet.pdf'))).toContain('Rosa Peña')
    const muller = await writePacket(office, 'J-1046', out)
    const t = await text(join(muller.folder, 'packet.pdf'))
    expect(t).toContain('Klaus Müller')
    expect(t).toContain('No customer signature')
    expect(t).toContain('Tenant not home; left note on door')
    await addReadyJob(office, { jobId: 'J-1047', lines: repairLines() })
    const draft = await writePacket(office, 'J-1047', out)
    expect(draft.folder).toContain('DRAFT-J-1047_Lakeview-Veterinary-Clinic_')
    expect(await text(join(draft.folder, 'packet.pdf'))).toContain('INVOICE (DRAFT)')
    expect(readdirSync(draft.folder)).toContain('packet.pdf')
  })

  it("prints the technician's GPS fix on the sign-off page (the office copy adds a map link); none when there is none", async () => {
    await addReadyJob(office, {
      jobId: 'J-1048',
      lines: repairLines(),
      completedAt: '2026-11-24T14:03:00-06:00',
      location: { lat: 41.885262, lon: -87.784471, accuracyM: 12.4 },
    })
    const r = await writePacket(office, 'J-1048', out)
    const customer = await text(join(r.folder, 'packet.pdf'))
    const officeCopy = await text(join(r.folder, 'office-copy.pdf'))
    for (const t of [customer, officeCopy]) {
      expect(t).toContain('Job closed at 41.88526, -87.78447 (GPS, ±12 m) on')
      expect(t).toMatch(/Job closed at [^\n]*2:03 PM/)
    }
    expect(officeCopy).toContain('https://www.openstreetmap.org/?mlat=41.88526&mlon=-87.78447')
    expect(customer).not.toContain('openstreetmap')
    // J-1045 was closed without a fix: no location line at all.
    const plain = await writePacket(office, 'J-1045', join(out, 'plain'))
    expect(await text(join(plain.folder, 'office-copy.pdf'))).not.toContain('Job closed at')
  })

  it('refuses a job without a closeout, naming it', async () => {
    await expect(writePacket(office, 'J-1050', out)).rejects.toMatchObject({ code: 'no-closeout' })
    await expect(writePacket(office, 'J-0000', out)).rejects.toMatchObject({ code: 'not-found' })
  })
})
