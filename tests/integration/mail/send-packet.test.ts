import { cpSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { simpleParser } from 'mailparser'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { runExport } from '../../../src-main/core/exports/export-batches'
import { withTransaction } from '../../../src-main/core/db/engine-db'
import { readJobEventsAsync } from '../../../src-main/core/lifecycle/event-log'
import { saveMailSettingsIn } from '../../../src-main/core/mail/mail-settings'
import { sendPacket } from '../../../src-main/core/mail/send-packet'
import { openOffice, type SqliteOffice } from '../../../src-main/core/office'
import { writePacket } from '../../../src-main/core/packets/packet-folder'
import { MailSettingsSchema } from '../../../src-shared/api/mail'
import { EXPORT_NOW, exportScenario } from '../../support/export-scenario'
import { tempFolders } from '../../support/temp-office'
import { closedPort, saveSmtpSettings, silentServer, smtpCatcher, type SmtpCatcher } from '../../support/smtp-catcher'

let office: SqliteOffice
let dispose: () => Promise<void>
let catcher: SmtpCatcher | undefined

let template: { dataDir: string; cleanup: () => Promise<void> }

// The invoiced scenario is built once (PIN hashing is slow); each test opens its own copy.
beforeAll(async () => {
  const s = await exportScenario()
  await runExport(s.office, { format: 'qbo-csv', outDir: join(s.office.dataDir, 'out'), user: 'U-1' }, EXPORT_NOW)
  const dataDir = s.office.dataDir
  await s.office.close()
  template = { dataDir, cleanup: s.dispose }
})
afterAll(async () => template.cleanup())

beforeEach(async () => {
  const folders = tempFolders()
  cpSync(template.dataDir, folders.dataDir, { recursive: true })
  office = await openOffice({ dataDir: folders.dataDir, sharedDir: folders.sharedDir })
  dispose = async () => {
    await office.close()
    folders.cleanup()
  }
})
afterEach(async () => {
  await catcher?.close()
  catcher = undefined
  delete process.env.CLOSEOUT_SMTP_PASSWORD
  await dispose()
})

const smtp = (port: number, extra: Record<string, unknown> = {}) =>
  saveSmtpSettings(office, port, {
    secure: false,
    from: 'Northside Billing <billing@northsidehvac.example>',
    replyTo: 'ar@northsidehvac.example',
    ...extra,
  })
const sends = async (jobId: string) =>
  (await readJobEventsAsync(office.db, jobId)).filter((e) => e.type === 'invoice-sent')
const status = (jobId: string) =>
  (office.sqlite.prepare('SELECT status FROM jobs WHERE id = ?').get(jobId) as { status: string }).status

describe('sending a packet over SMTP', () => {
  it('delivers the invoice number, total, due date and the packet PDF byte for byte to the billing address', async () => {
    catcher = await smtpCatcher()
    await smtp(catcher.port)
    const packet = await writePacket(office, 'J-1042', join(office.dataDir, '..', 'before-send'))
    const pdf = readFileSync(join(packet.folder, 'packet.pdf'))

    const sent = await sendPacket(office, 'J-1042', { actor: 'U-1' })

    expect(catcher.messages).toHaveLength(1)
    const m = catcher.messages[0]!
    expect(m.envelopeTo).toEqual(['frontdesk@acmedental.example'])
    expect(m.envelopeFrom).toBe('billing@northsidehvac.example')
    expect(m.parsed.subject).toBe(
      `Invoice ${sent.invoiceNumber} from Northside Heating & Air: $229.40 due Dec 25, 2026`,
    )
    expect(m.parsed.text).toContain('Total: $229.40')
    expect(m.parsed.text).toContain('Due: Dec 25, 2026 (Net 30)')
    expect(m.parsed.replyTo?.text).toBe('ar@northsidehvac.example')
    expect(m.parsed.attachments).toHaveLength(1)
    expect(m.parsed.attachments[0]!.contentType).toBe('application/pdf')
    expect(Buffer.compare(m.parsed.attachments[0]!.content, pdf)).toBe(0)
    expect(m.parsed.messageId).toBe(sent.messageId)

    const events = await sends('J-1042')
    expect(events).toHaveLength(1)
    expect(events[0]!.actor).toBe('U-1')
    expect(events[0]!.data).toMatchObject({
      invoiceNumber: sent.invoiceNumber,
      to: ['frontdesk@acmedental.example'],
      messageId: sent.messageId,
      mode: 'smtp',
    })
    expect(status('J-1042')).toBe('invoiced')
  })

  it('never sends a job twice unless asked to send again', async () => {
    catcher = await smtpCatcher()
    await smtp(catcher.port)
    await sendPacket(office, 'J-1042', { actor: 'U-1' })
    await expect(sendPacket(office, 'J-1042', { actor: 'U-1' })).rejects.toMatchObject({
      code: 'already-sent',
      message: expect.stringContaining('already sent to frontdesk@acmedental.example'),
    })
    expect(catcher.messages).toHaveLength(1)
    await sendPacket(office, 'J-1042', { actor: 'U-1', again: true, to: ['ap@acmedental.example'] })
    expect(catcher.messages).toHaveLength(2)
    expect(catcher.messages[1]!.envelopeTo).toEqual(['ap@acmedental.example'])
    expect((await sends('J-1042')).map((e) => e.data.again ?? false)).toEqual([false, true])
  })

  it('signs in with the password from the environment when a user is set', async () => {
    catcher = await smtpCatcher({ user: 'billing', password: 's3cret pass' })
    await smtp(catcher.port, { user: 'billing' })
    await expect(sendPacket(office, 'J-1042', { actor: 'U-1' })).rejects.toMatchObject({
      code: 'mail-password-missing',
    })
    process.env.CLOSEOUT_SMTP_PASSWORD = 'wrong'
    await expect(sendPacket(office, 'J-1042', { actor: 'U-1' })).rejects.toMatchObject({ code: 'mail-auth' })
    process.env.CLOSEOUT_SMTP_PASSWORD = 's3cret pass'
    await sendPacket(office, 'J-1042', { actor: 'U-1' })
    expect(catcher.messages.map((m) => m.user)).toEqual(['billing'])
    expect(await sends('J-1042')).toHaveLength(1)
  })
})

describe('a failed send leaves the job as it was and says why', () => {
  it('connection refused', async () => {
    await smtp(await closedPort())
    await expect(sendPacket(office, 'J-1042', { actor: 'U-1' })).rejects.toMatchObject({
      code: 'mail-refused',
      message: expect.stringContaining('refused the connection'),
    })
    expect(await sends('J-1042')).toEqual([])
    expect(status('J-1042')).toBe('invoiced')
  })

  it('5xx on RCPT names the server reply', async () => {
    catcher = await smtpCatcher({ refuseRcpt: 'frontdesk@acmedental.example' })
    await smtp(catcher.port)
    await expect(sendPacket(office, 'J-1042', { actor: 'U-1' })).rejects.toMatchObject({
      code: 'mail-rejected',
      message: expect.stringContaining('550'),
    })
    expect(catcher.messages).toEqual([])
    expect(await sends('J-1042')).toEqual([])
  })

  it('a server that never answers times out', async () => {
    const silent = await silentServer()
    try {
      await smtp(silent.port)
      await expect(
        sendPacket(office, 'J-1042', { actor: 'U-1', timeouts: { connectMs: 1000, replyMs: 400 } }),
      ).rejects.toMatchObject({ code: 'mail-timeout' })
      expect(await sends('J-1042')).toEqual([])
    } finally {
      await silent.close()
    }
  })

  it('a bad address, a packet over the size limit and a job not yet invoiced are refused before connecting', async () => {
    catcher = await smtpCatcher()
    await smtp(catcher.port)
    await expect(sendPacket(office, 'J-1042', { actor: 'U-1', to: ['not an address'] })).rejects.toMatchObject({
      code: 'bad-address',
    })
    await expect(sendPacket(office, 'J-1042', { actor: 'U-1', limitBytes: 10_000 })).rejects.toMatchObject({
      code: 'packet-too-large',
      message: expect.stringMatching(/The packet PDF for INV-\d+ is \d+\.\d MB/),
    })
    await expect(sendPacket(office, 'J-1043', { actor: 'U-1' })).rejects.toMatchObject({ code: 'no-closeout' })
    expect(catcher.messages).toEqual([])
    expect(await sends('J-1042')).toEqual([])
  })
})

describe('draft mode', () => {
  it('writes an .eml the mail app opens as a draft, with the packet attached', async () => {
    await withTransaction(office, (trx) =>
      saveMailSettingsIn(trx, MailSettingsSchema.parse({ mode: 'draft', from: 'billing@northsidehvac.example' })),
    )
    const packet = await writePacket(office, 'J-1044', join(office.dataDir, '..', 'before-send'))
    const sent = await sendPacket(office, 'J-1044', { actor: 'U-1' })
    expect(sent.mode).toBe('draft')
    expect(sent.draftFile).toMatch(/drafts[/\\]INV-\d+_Rosa-Peña_2026-11-25\.eml$/)
    const parsed = await simpleParser(readFileSync(sent.draftFile!))
    expect(parsed.headers.get('x-unsent')).toBe('1')
    expect(parsed.to && 'text' in parsed.to ? parsed.to.text : '').toBe('rosa.pena@example.com')
    expect(parsed.subject).toContain(sent.invoiceNumber)
    expect(Buffer.compare(parsed.attachments[0]!.content, readFileSync(join(packet.folder, 'packet.pdf')))).toBe(0)
    expect((await sends('J-1044'))[0]!.data).toMatchObject({ mode: 'draft', messageId: sent.messageId })
  })
})
