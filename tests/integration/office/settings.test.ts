import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyPin } from '../../../src-main/core/auth/pin'
import { updateSettings } from '../../../src-main/core/settings/settings-update'
import { openDemoOffice, type DemoOffice } from './office-fixture'

let demo: DemoOffice

beforeAll(async () => {
  demo = await openDemoOffice()
})
afterAll(async () => {
  await demo.close()
})

type View = {
  company: { name: string; nextInvoiceNumber: number }
  users: { id: string; hasPin: boolean; active: boolean }[]
  taxes: { id: string; ratePercent: string }[]
  accountingMappings: { kind: string; ref: string; qbo: string }[]
}

async function settings(): Promise<View> {
  const result = await demo.call('settings.get', {})
  if (!result.ok) throw new Error(result.error.message)
  return result.value as View
}

describe('settings', () => {
  it('shows the company, people without PIN hashes, and accounting mappings', async () => {
    const view = await settings()
    expect(view.company.name).toBe('Northside Heating & Air')
    expect(view.users.map((u) => [u.id, u.hasPin])).toEqual([
      ['U-1', true],
      ['U-2', true],
    ])
    expect(JSON.stringify(view)).not.toContain('scrypt$')
    expect(view.accountingMappings.find((m) => m.kind === 'labor' && m.ref === 'journeyman')?.qbo).toBe(
      'Labor:Journeyman',
    )
  })

  it('sets a new PIN as a hash and keeps the old one when none is given', async () => {
    const result = await demo.call('settings.update', {
      section: 'users',
      users: [
        { id: 'U-1', name: 'Dana Kim (billing)', roles: ['billing'], pin: '9753' },
        { id: 'U-3', name: 'Ana Ruiz (admin)', roles: ['admin', 'supervisor'] },
      ],
      confirmPin: '2468',
    })
    expect(result.ok).toBe(true)
    const u1 = demo.office.sqlite.prepare(`SELECT pin_hash FROM users WHERE id = 'U-1'`).get() as { pin_hash: string }
    expect(await verifyPin('9753', u1.pin_hash)).toBe(true)
    expect(await verifyPin('2468', u1.pin_hash)).toBe(false)
    const u2 = demo.office.sqlite.prepare(`SELECT pin_hash FROM users WHERE id = 'U-2'`).get() as { pin_hash: string }
    expect(await verifyPin('1357', u2.pin_hash)).toBe(true)
    expect((await settings()).users.find((u) => u.id === 'U-3')).toMatchObject({ hasPin: false, active: true })
  })

  it('answers a bad PIN and a bad tax rate with the field path', async () => {
    const pin = await demo.call('settings.update', {
      section: 'technicians',
      technicians: [{ id: 'T-07', name: 'Sam Ortiz', pin: '12' }],
    })
    expect(pin.ok).toBe(false)
    if (!pin.ok) expect(pin.error.details).toEqual([{ path: 'technicians[0].pin', message: 'a PIN is 4 to 8 digits' }])
    const tax = await demo.call('settings.update', {
      section: 'taxes',
      taxes: [{ id: 'il-cook', name: 'Cook', ratePercent: '9,5' }],
    })
    expect(tax.ok).toBe(false)
    if (!tax.ok) expect(tax.error.details[0]?.path).toBe('taxes[0].ratePercent')
  })

  it('keeps a tax’s accounting names when its rate changes', async () => {
    const result = await demo.call('settings.update', {
      section: 'taxes',
      taxes: [{ id: 'il-cook', name: 'Cook County sales tax', ratePercent: '9.5' }],
    })
    expect(result.ok).toBe(true)
    expect((await settings()).taxes.find((t) => t.id === 'il-cook')?.ratePercent).toBe('9.5')
    expect(
      demo.office.sqlite
        .prepare(`SELECT name FROM accounting_mappings WHERE kind = 'tax' AND ref = 'il-cook' AND system = 'qbo'`)
        .get(),
    ).toEqual({ name: 'Cook County' })
  })

  it('refuses a next invoice number that was already given out', async () => {
    demo.office.sqlite.prepare(`UPDATE jobs SET invoice_number = 'INV-1050' WHERE id = 'J-1042'`).run()
    const view = await settings()
    const result = await demo.call('settings.update', {
      section: 'company',
      company: { ...view.company, nextInvoiceNumber: 1049 },
    })
    expect(result.ok).toBe(false)
    if (!result.ok)
      expect(result.error.message).toBe('Invoice INV-1050 already exists: the next number must be at least 1051')
  })

  it('saves accounting mappings and clears an emptied one', async () => {
    const result = await demo.call('settings.update', {
      section: 'accountingMappings',
      mappings: [{ kind: 'item', ref: 'CAP-10', qbo: 'Parts:Fan cap', xero: '', iif: 'CAP-10' }],
    })
    expect(result.ok).toBe(true)
    const rows = demo.office.sqlite
      .prepare(`SELECT system, name FROM accounting_mappings WHERE kind = 'item' AND ref = 'CAP-10' ORDER BY system`)
      .all()
    expect(rows).toEqual([
      { system: 'iif', name: 'CAP-10' },
      { system: 'qbo', name: 'Parts:Fan cap' },
    ])
  })

  it('refuses a data folder inside a synced folder and accepts a local one after restart', async () => {
    const locations = join(demo.root, 'locations.json')
    const dropbox = join(demo.root, 'Dropbox', 'Closeout')
    mkdirSync(dropbox, { recursive: true })
    await expect(
      updateSettings(demo.office, { section: 'folders', dataDir: dropbox }, locations),
    ).rejects.toMatchObject({
      code: 'invalid-folder',
      details: [{ path: 'dataDir', message: expect.stringContaining('inside the synced folder') }],
    })
    const marked = join(demo.root, 'Work')
    mkdirSync(join(marked, '.stfolder'), { recursive: true })
    await expect(
      updateSettings(demo.office, { section: 'folders', dataDir: join(marked, 'data') }, locations),
    ).rejects.toMatchObject({ code: 'invalid-folder' })
    await expect(
      updateSettings(demo.office, { section: 'folders', dataDir: join(demo.root, 'shared', 'db') }, locations),
    ).rejects.toMatchObject({ code: 'invalid-folder' })

    const local = join(demo.root, 'local-data')
    const saved = await updateSettings(demo.office, { section: 'folders', dataDir: local }, locations)
    expect(saved.notice).toContain('after a restart')
    expect(JSON.parse(readFileSync(locations, 'utf8'))).toEqual({ dataDir: local })
    expect(saved.settings.folders.pendingDataDir).toBe(local)
  })
})
