import { afterEach, describe, expect, it } from 'vitest'
import { signedInApi } from '../../support/signed-in'
import type { SqliteOffice } from '../../../src-main/core/office'
import { exportScenario, EXPORT_NOW } from '../../support/export-scenario'
import { preflightExport } from '../../../src-main/core/exports/export-plan'

let dispose: (() => Promise<void>) | null = null
afterEach(async () => {
  await dispose?.()
  dispose = null
})

async function api(): Promise<{ o: SqliteOffice; call: (method: string, input: unknown) => Promise<unknown> }> {
  const s = await exportScenario()
  dispose = s.dispose
  const signed = await signedInApi(s.office)
  return { o: s.office, call: (method, input) => signed.call(method, input) }
}

const blocks = async (o: SqliteOffice) =>
  (await preflightExport(o, 'xero-csv', EXPORT_NOW)).findings.filter((f) => f.code === 'missing-item-mapping')

describe('export settings through the office API', () => {
  it('lists the per-system settings and the names of the discount, adjustments and unlisted parts', async () => {
    const { call } = await api()
    const answer = (await call('exports.settings.get', {})) as {
      ok: true
      value: { settings: Record<string, unknown>; items: { kind: string; ref: string; xero: string }[] }
    }
    expect(answer.ok).toBe(true)
    expect(answer.value.settings).toMatchObject({
      qbo: { form: 'us', dateFormat: 'MM/DD/YYYY' },
      xero: { salesAccountCode: '200' },
      iif: { arAccount: 'Accounts Receivable' },
    })
    expect(answer.value.items.map((i) => [i.kind, i.ref, i.xero])).toEqual([
      ['item', '*', ''],
      ['adjustment', 'discount', 'DISC'],
      ['adjustment', 'rounding', ''],
      ['adjustment', '*', ''],
      ['adjustment', 'trip-charge', 'TRIP'],
    ])
  })

  it('the fix a missing-item-mapping names can be made there: the export is unblocked', async () => {
    const { o, call } = await api()
    o.sqlite
      .prepare(`DELETE FROM accounting_mappings WHERE kind = 'adjustment' AND ref = 'trip-charge' AND system = 'xero'`)
      .run()
    expect((await blocks(o)).map((f) => f.fix)).toEqual([
      'Map it: Exports > Export settings > Accounting names > "trip-charge" > Xero (accounting mapping kind "adjustment", ref "trip-charge", system "xero"), or the default for every adjustment, "*"',
    ])

    const saved = await call('exports.settings.update', { items: [{ kind: 'adjustment', ref: '*', xero: 'OTHER' }] })
    expect(saved).toMatchObject({
      ok: true,
      value: {
        items: expect.arrayContaining([
          { kind: 'adjustment', ref: '*', label: expect.any(String), qbo: '', xero: 'OTHER', iif: '' },
        ]),
      },
    })
    expect(await blocks(o)).toEqual([])

    await call('exports.settings.update', {
      items: [
        { kind: 'adjustment', ref: '*', xero: '' },
        { kind: 'adjustment', ref: 'trip-charge', qbo: 'Trip Charge', xero: 'TRIP', iif: 'Trip Charge' },
      ],
    })
    expect(await blocks(o)).toEqual([])
    expect(o.sqlite.prepare(`SELECT COUNT(*) AS n FROM accounting_mappings WHERE ref = '*'`).get()).toEqual({ n: 0 })
  })

  it('saves the per-system settings and the export uses them; refuses bad input with the field path', async () => {
    const { o, call } = await api()
    const saved = await call('exports.settings.update', {
      settings: { qbo: { form: 'non-us', dateFormat: 'DD/MM/YYYY' }, xero: { salesAccountCode: '4000' } },
    })
    expect(saved).toMatchObject({
      ok: true,
      value: {
        settings: {
          qbo: { form: 'non-us', exemptTaxCode: 'Exempt' },
          xero: { salesAccountCode: '4000', exemptTaxType: 'Tax Exempt' },
        },
      },
    })
    expect((await preflightExport(o, 'qbo-csv', EXPORT_NOW)).blocked).toBe(false)

    expect(
      await call('exports.settings.update', { items: [{ kind: 'item', ref: 'CAP-45-5', qbo: 'Parts' }] }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', details: [{ path: 'items[0].ref' }] },
    })
    expect(await call('exports.settings.update', { settings: { qbo: { form: 'eu' } } })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', details: [{ path: 'settings.qbo.form' }] },
    })
  })

  it('a part the price book does not have is named by the default part item', async () => {
    const { o, call } = await api()
    o.sqlite.prepare(`UPDATE submission_lines SET sku = 'NOT-IN-BOOK' WHERE sku = 'IGN-HSI'`).run()
    const [finding] = await blocks(o)
    expect(finding?.fix).toContain('SKU NOT-IN-BOOK is not in the price book')
    expect(finding?.fix).toContain(
      'Exports > Export settings > Accounting names > "Parts without a price-book item" > Xero',
    )
    await call('exports.settings.update', { items: [{ kind: 'item', ref: '*', xero: 'MISC' }] })
    expect(await blocks(o)).toEqual([])
  })
})
