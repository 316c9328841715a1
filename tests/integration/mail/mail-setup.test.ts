import { afterEach, describe, expect, it } from 'vitest'
import { readMailSettingsAsync } from '../../../src-main/core/mail/mail-settings'
import { packetRecipients } from '../../../src-main/core/mail/recipients'
import { exportSetup } from '../../../src-main/core/setup/setup-export'
import { importSetup } from '../../../src-main/core/setup/setup-import'
import { demoSetup, tempOffice } from '../../support/temp-office'

let cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups) await c()
  cleanups = []
})
async function office() {
  const t = await tempOffice()
  cleanups.push(t.dispose)
  return t.office
}

const MAIL = {
  mode: 'smtp',
  host: 'smtp.office365.com',
  port: 587,
  secure: false,
  user: 'billing@northsidehvac.example',
  from: 'Northside Billing <billing@northsidehvac.example>',
  replyTo: 'ar@northsidehvac.example',
}

function withMail(extra: Record<string, unknown> = {}) {
  const doc = demoSetup()
  const customers = (doc.customers as Record<string, unknown>[]).map((c) =>
    c.id === 'C-100' ? { ...c, sendPacketsTo: ['ap@acmedental.example', 'office@acmedental.example'] } : c,
  )
  return { ...doc, customers, mail: MAIL, ...extra }
}

describe('setup file v1.1 mail and sendPacketsTo', () => {
  it('imports the mail section and the send-packets-to list, and exports them back unchanged', async () => {
    const a = await office()
    const summary = await importSetup(a, withMail())
    expect(summary.mail).toEqual({ created: 1, updated: 0, unchanged: 0 })
    expect(await readMailSettingsAsync(a)).toEqual(MAIL)
    expect(await packetRecipients(a, 'C-100')).toEqual(['ap@acmedental.example', 'office@acmedental.example'])
    expect(await packetRecipients(a, 'C-102')).toEqual(['rosa.pena@example.com'])

    const exported = await exportSetup(a)
    expect(exported.mail).toEqual(MAIL)
    expect(exported.customers?.find((c) => c.id === 'C-100')?.sendPacketsTo).toEqual([
      'ap@acmedental.example',
      'office@acmedental.example',
    ])
    const b = await office()
    await importSetup(b, exported)
    expect(await exportSetup(b)).toEqual(exported)
    expect((await importSetup(b, exported)).mail).toEqual({ created: 0, updated: 0, unchanged: 1 })
  })

  it('refuses a password in the file, a bad address and SMTP without a host, naming the path', async () => {
    const a = await office()
    await expect(importSetup(a, withMail({ mail: { ...MAIL, password: 'hunter2' } }))).rejects.toMatchObject({
      code: 'invalid-setup',
      message: expect.stringContaining('mail'),
    })
    await expect(importSetup(a, withMail({ mail: { ...MAIL, host: '' } }))).rejects.toMatchObject({
      message: expect.stringContaining('mail.host'),
    })
    const doc = demoSetup()
    const customers = (doc.customers as Record<string, unknown>[]).map((c) =>
      c.id === 'C-100' ? { ...c, sendPacketsTo: ['ap at acme'] } : c,
    )
    await expect(importSetup(a, { ...doc, customers })).rejects.toMatchObject({
      message: expect.stringContaining('customers[0].sendPacketsTo[0]'),
    })
  })

  it('a file without mail keeps the office mail settings and each customer list', async () => {
    const a = await office()
    await importSetup(a, withMail())
    await importSetup(a, demoSetup())
    expect(await readMailSettingsAsync(a)).toEqual(MAIL)
    expect(await packetRecipients(a, 'C-100')).toHaveLength(2)
  })
})
