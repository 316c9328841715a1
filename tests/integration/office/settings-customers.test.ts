import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { OFFICE_LOG_ID } from '../../../src-main/core/settings/settings-audit'
import { readCompanyMoneyAsync, readMoneyPolicyAsync } from '../../../src-main/core/settings/money-settings'
import { openDemoOffice, type DemoOffice } from './office-fixture'

let demo: DemoOffice

beforeEach(async () => {
  demo = await openDemoOffice()
})
afterEach(async () => {
  await demo.close()
})

type Customer = {
  id: string
  name: string
  address: { line1: string; line2: string; city: string; region: string; postalCode: string; country: string }
  email: string
  phone: string
  requiresSignature: boolean
  taxId: string | null
  accountingName: string
  sendPacketsTo: string[]
}
type View = {
  company: { name: string; accountingSystem: string | null; invoiceDate: string }
  customers: Customer[]
}

async function view(): Promise<View> {
  const r = await demo.call('settings.get', {})
  if (!r.ok) throw new Error(r.error.message)
  return r.value as View
}

function settingsEvents(): { actor: string; data: { section: string; before: unknown; after: unknown } }[] {
  const rows = demo.office.sqlite
    .prepare(`SELECT actor, data_json FROM job_events WHERE job_id = ? AND type = 'settings-changed' ORDER BY id`)
    .all(OFFICE_LOG_ID) as { actor: string; data_json: string }[]
  return rows.map((r) => ({ actor: r.actor, data: JSON.parse(r.data_json) as never }))
}

describe('Settings > Company: the accounting system and the invoice date (setup v1.1)', () => {
  it('shows the defaults, saves both, and logs the change with before and after', async () => {
    const before = await view()
    expect(before.company).toMatchObject({ accountingSystem: null, invoiceDate: 'export' })
    const r = await demo.call('settings.update', {
      section: 'company',
      company: { ...before.company, accountingSystem: 'xero', invoiceDate: 'completed' },
    })
    expect(r.ok).toBe(true)
    expect(await readCompanyMoneyAsync(demo.office)).toEqual({ accountingSystem: 'xero', invoiceDate: 'completed' })
    expect((await view()).company).toMatchObject({ accountingSystem: 'xero', invoiceDate: 'completed' })
    const [event] = settingsEvents()
    expect(event).toMatchObject({
      actor: 'U-1',
      data: {
        section: 'company',
        before: { accountingSystem: null, invoiceDate: 'export' },
        after: { accountingSystem: 'xero', invoiceDate: 'completed' },
      },
    })
  })

  it('refuses an unknown system or date rule, naming the field, and changes nothing', async () => {
    const { company } = await view()
    const r = await demo.call('settings.update', {
      section: 'company',
      company: { ...company, accountingSystem: 'sage' },
    })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.details.map((d) => d.path)).toContain('company.accountingSystem')
    const d = await demo.call('settings.update', { section: 'company', company: { ...company, invoiceDate: 'today' } })
    expect(d.ok).toBe(false)
    if (d.ok) return
    expect(d.error.details.map((x) => x.path)).toContain('company.invoiceDate')
    expect(await readCompanyMoneyAsync(demo.office)).toEqual({ accountingSystem: null, invoiceDate: 'export' })
    expect(settingsEvents()).toEqual([])
  })
})

describe('Settings > Customers: list and edit, address in parts', () => {
  it('lists every customer with its address as line 1 when it was given in one line', async () => {
    const { customers } = await view()
    expect(customers).toHaveLength(12)
    expect(customers[0]).toEqual({
      id: 'C-100',
      name: 'Acme Dental',
      address: {
        line1: '1420 W Fullerton Ave, Chicago, IL 60614',
        line2: '',
        city: '',
        region: '',
        postalCode: '',
        country: '',
      },
      email: 'frontdesk@acmedental.example',
      phone: '(773) 555-0142',
      requiresSignature: true,
      taxId: 'il-chicago',
      accountingName: 'Acme Dental LLC',
      sendPacketsTo: [],
    })
  })

  it('saves the parts, the billing e-mail and where packets go; keeps the tax and accounting name; logs only that customer', async () => {
    const { customers } = await view()
    const acme = customers.find((c) => c.id === 'C-100')!
    const edited = {
      ...acme,
      address: {
        line1: '1420 W Fullerton Ave',
        line2: 'Suite 200',
        city: 'Chicago',
        region: 'IL',
        postalCode: '60614',
        country: 'USA',
      },
      email: 'billing@acmedental.example',
      sendPacketsTo: ['ap@acmedental.example', 'frontdesk@acmedental.example'],
    }
    const r = await demo.call('settings.update', { section: 'customers', customers: [edited] })
    expect(r.ok).toBe(true)
    const row = demo.office.sqlite
      .prepare(
        `SELECT address, address_line1, address_line2, city, region, postal_code, country, email, tax_id,
                accounting_name, send_packets_to_json FROM customers WHERE id = 'C-100'`,
      )
      .get()
    expect(row).toEqual({
      address: '1420 W Fullerton Ave, Suite 200, Chicago, IL 60614, USA',
      address_line1: '1420 W Fullerton Ave',
      address_line2: 'Suite 200',
      city: 'Chicago',
      region: 'IL',
      postal_code: '60614',
      country: 'USA',
      email: 'billing@acmedental.example',
      tax_id: 'il-chicago',
      accounting_name: 'Acme Dental LLC',
      send_packets_to_json: '["ap@acmedental.example","frontdesk@acmedental.example"]',
    })
    expect((await view()).customers.find((c) => c.id === 'C-100')).toEqual(edited)
    const events = settingsEvents()
    expect(events).toHaveLength(1)
    expect(events[0]!.data).toEqual({
      section: 'customers',
      before: [acme],
      after: [edited],
      pinsChanged: [],
    })
  })

  it('an emptied accounting name goes back to the customer name (never an empty name in an export)', async () => {
    const { customers } = await view()
    const acme = customers.find((c) => c.id === 'C-100')!
    const r = await demo.call('settings.update', { section: 'customers', customers: [{ ...acme, accountingName: '' }] })
    expect(r.ok).toBe(true)
    const row = demo.office.sqlite.prepare(`SELECT accounting_name FROM customers WHERE id = 'C-100'`).get()
    expect(row).toEqual({ accounting_name: null })
  })

  it('answers a too-long postal code and a bad packet address with the field path, and saves nothing', async () => {
    const { customers } = await view()
    const acme = customers.find((c) => c.id === 'C-100')!
    const r = await demo.call('settings.update', {
      section: 'customers',
      customers: [
        { ...acme, address: { ...acme.address, postalCode: '6'.repeat(21) }, sendPacketsTo: ['not an address'] },
      ],
    })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.details.map((d) => d.path)).toEqual(
      expect.arrayContaining(['customers[0].address.postalCode', 'customers[0].sendPacketsTo[0]']),
    )
    expect((await view()).customers.find((c) => c.id === 'C-100')).toEqual(acme)
    expect(settingsEvents()).toEqual([])
  })
})

describe('Settings > Approval policy: credits and below-estimate (setup v1.1)', () => {
  it('shows the defaults and saves both, logged with before and after', async () => {
    const r0 = await demo.call('settings.get', {})
    if (!r0.ok) throw new Error(r0.error.message)
    const policy = (r0.value as { approvalPolicy: Record<string, unknown> }).approvalPolicy
    expect(policy).toMatchObject({ creditsNeedApproval: true, belowEstimatePercent: '50' })
    const r = await demo.call('settings.update', {
      section: 'approvalPolicy',
      approvalPolicy: { ...policy, creditsNeedApproval: false, belowEstimatePercent: '30' },
      confirmPin: '2468',
    })
    expect(r.ok).toBe(true)
    expect(await readMoneyPolicyAsync(demo.office)).toEqual({ creditsNeedApproval: false, belowEstimatePercent: '30' })
    expect(settingsEvents()[0]!.data).toMatchObject({
      section: 'approvalPolicy',
      before: { creditsNeedApproval: true, belowEstimatePercent: '50' },
      after: { creditsNeedApproval: false, belowEstimatePercent: '30' },
    })
    const bad = await demo.call('settings.update', {
      section: 'approvalPolicy',
      approvalPolicy: { ...policy, belowEstimatePercent: 'half' },
      confirmPin: '2468',
    })
    expect(bad.ok).toBe(false)
    if (bad.ok) return
    expect(bad.error.details.map((d) => d.path)).toContain('approvalPolicy.belowEstimatePercent')
  })
})
