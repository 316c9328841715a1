import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendBackJob } from '../../../src-main/core/approvals/decisions'
import type { EngineDb } from '../../../src-main/core/db/engine-db'
import { scanInbox } from '../../../src-main/core/inbox/inbox-scan'
import { buildOfficeSnapshot } from '../../../src-main/lan/office-snapshot'
import { formReads } from '../../../src-main/lan/office-source'
import { startLanServer } from '../../../src-main/lan/server'
import { ENGINES, engineRuns, openEngineOffices, pgRuns, type EngineOffices } from '../../support/engines'
import { closeoutDoc, defaultFiles, postCloseout, signIn } from './lan-harness'

/**
 * Issue #17, the technician form's reads on the async path: what a phone is answered (the names
 * on the sign-in screen, a technician's open jobs with their estimate rows and a sent-back copy,
 * the price-book search and the offline copy, a photo of one's own submission) and the office's
 * snapshot for `serve --lan-only` run through Kysely's `.execute()` on the SQLite file and on
 * PostgreSQL. The same office is on both: the demo company, one closeout sent from a phone,
 * ingested and sent back by the supervisor, and names and SKUs whose order or match depends on
 * case, accents and bytes. The PostgreSQL database sorts text by a language (ICU), as a server
 * installed in one would, so the answers cannot lean on its locale.
 */
let engines: EngineOffices
let sentId: string
const LEE = { userId: 'U-2', pin: '1357' }

beforeAll(async () => {
  engines = await openEngineOffices(
    async ({ office, root }) => {
      // A closeout sent from the phone for J-1057 (a 15% discount), ingested and sent back.
      const server = await startLanServer(office, { host: '127.0.0.1', port: 0, rendererOut: join(root, 'no-build') })
      try {
        const base = `http://127.0.0.1:${server.port}`
        const cookie = await signIn({ base })
        const doc = closeoutDoc({
          job: { id: 'J-1057' },
          labor: [{ role: 'journeyman', hours: '1', billable: true, overtime: false }],
          parts: [{ sku: 'PRESS-SW', description: 'Pressure switch', quantity: 1 }],
          discount: { percent: '15', reason: 'Neighbour of the owner' },
        })
        sentId = String(doc.submissionId)
        const res = await postCloseout({ base }, cookie, doc, defaultFiles())
        if (res.status !== 201) throw new Error(`posting the closeout: ${res.status} ${await res.text()}`)
      } finally {
        await server.close()
      }
      await scanInbox(office, {})
      await sendBackJob(office, { jobId: 'J-1057', ...LEE, comment: 'A 15% discount needs the owner: make it 10%' })

      const sqlite = office.sqlite
      const pin = sqlite.prepare(`SELECT pin_hash FROM technicians WHERE id = 'T-07'`).pluck().get() as string
      const tech = sqlite.prepare(`INSERT INTO technicians (id, name, pin_hash, active) VALUES (?, ?, ?, ?)`)
      const part = sqlite.prepare(
        `INSERT INTO price_book (sku, description, unit_price_cents, taxable) VALUES (?, ?, ?, 1)`,
      )
      sqlite.transaction(() => {
        tech.run('T-90', 'élodie Martin', pin, 1)
        tech.run('T-91', 'Zoe Park', pin, 1)
        tech.run('T-92', 'aaron Diaz', pin, 1)
        tech.run('T-93', 'Inactive Ian', pin, 0)
        tech.run('T-94', 'No-PIN Nora', null, 1)
        part.run('cap-lower', 'capacitor, odd SKU', 1250)
        part.run('MOT-E', 'Élan blower motor', 18900)
        part.run('PCT-50', '50% off coupon_card', 0)
        part.run('BS-1', 'Back\\slash fitting', 300)
        // An open job of T-07's with estimate lines out of order and one part not in the book.
        sqlite
          .prepare(
            `INSERT INTO jobs (id, customer_id, site_address, job_type_id, technician_id, scheduled_for, po_number,
             not_to_exceed_cents, description, status, origin, created_at, updated_at)
           SELECT 'J-9100', id, '4 Elm St', NULL, 'T-07', NULL, 'PO-9100', 45000, 'Walk-in cooler alarm',
             'scheduled', 'dispatch', '2026-12-08T03:00:00.000Z', '2026-12-08T03:00:00.000Z' FROM customers LIMIT 1`,
          )
          .run()
        const line = sqlite.prepare(
          `INSERT INTO estimate_lines (job_id, line_no, kind, sku, role, description, quantity_milli, unit_price_cents)
           VALUES ('J-9100', ?, ?, ?, ?, ?, ?, ?)`,
        )
        line.run(3, 'labor', null, 'journeyman', null, 1500, null)
        line.run(1, 'part', 'cap-lower', null, 'Capacitor, the odd one', 2000, 1375)
        line.run(2, 'part', 'MOT-E', null, null, 1000, null)
        line.run(4, 'part', 'GONE-1', null, 'A part no longer sold', 1000, null)
      })()
    },
    { pgIcuLocale: 'und' },
  )
}, 240_000)
afterAll(async () => {
  await engines?.close()
})

const reads = (edb: EngineDb) => formReads(edb, engines.demo.office.attachmentsDir)
const SAM = { id: 'T-07', name: 'Sam Ortiz' }
const SEARCHES = [
  '',
  'cap',
  'CAP',
  'Capacitor 45',
  'élan',
  'Élan',
  'motor blower',
  '%',
  '50%',
  '_',
  'coupon_card',
  '\\',
  'zzz',
]

describe.each(ENGINES)('the technician form on %s', (engine) => {
  const edb = (): EngineDb => engines.on(engine)
  const run = it.skipIf(!engineRuns(engine))

  run('lists on the sign-in screen only active technicians with a PIN, by name in byte order', async () => {
    const names = (await reads(edb()).technicians()).map((t) => t.name)
    expect(names).not.toContain('Inactive Ian')
    expect(names).not.toContain('No-PIN Nora')
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
    // Capitals before lowercase, accented letters after z, as SQLite's BINARY order has them.
    expect(names.indexOf('Zoe Park')).toBeLessThan(names.indexOf('aaron Diaz'))
    expect(names.at(-1)).toBe('élodie Martin')
    expect(await reads(edb()).technician('T-93')).toBeUndefined()
    expect(await reads(edb()).technician('T-07')).toMatchObject({ id: 'T-07', name: 'Sam Ortiz' })
  })

  run("answers Sam's jobs: estimate rows in line order with the book's prices, and the sent-back copy", async () => {
    const answer = await reads(edb()).jobs(SAM)
    const fresh = answer.jobs.find((j) => j.id === 'J-9100')
    expect(fresh?.estimate.map((e) => e.sku ?? e.role)).toEqual(['cap-lower', 'MOT-E', 'journeyman', 'GONE-1'])
    expect(fresh?.estimate[1]).toMatchObject({ description: 'Élan blower motor', unitPrice: '189.00' })
    expect(fresh?.estimate[3]).toMatchObject({ description: 'A part no longer sold', unitPrice: null })
    // A job with no date comes after the dated ones.
    expect(answer.jobs.at(-1)?.id).toBe('J-9100')
    const back = answer.jobs.find((j) => j.id === 'J-1057')
    expect(back?.status).toBe('sent-back')
    expect(back?.sentBack).toMatchObject({
      submissionId: sentId,
      comment: 'A 15% discount needs the owner: make it 10%',
      closeout: { submissionId: sentId, parts: [{ sku: 'PRESS-SW' }], discount: { percent: '15' } },
    })
    expect(back?.sentBack?.findings.map((f) => f.code)).toContain('discount-over-limit')
    expect(answer.rules.priceBook.map((p) => p.sku)).toEqual(expect.arrayContaining(['PRESS-SW', 'cap-lower', 'MOT-E']))
    expect(answer.rules.policy.discountPercentOverMilli).toBeGreaterThan(0)
  })

  run('searches the price book as SQLite LIKE does: A-Z without case, other letters and % _ \\ as typed', async () => {
    const skus = async (q: string) => (await reads(edb()).searchPriceBook(q)).map((i) => i.sku)
    expect(await skus('CAP')).toEqual(expect.arrayContaining(['cap-lower', 'CAP-45-5']))
    expect(await skus('Élan')).toEqual(['MOT-E'])
    expect(await skus('élan')).toEqual([])
    expect(await skus('50%')).toEqual(['PCT-50'])
    expect(await skus('coupon_card')).toEqual(['PCT-50'])
    expect(await skus('\\')).toEqual(['BS-1'])
    expect(await skus('blower motor')).toContain('MOT-E')
    expect(await skus('zzz')).toEqual([])
  })

  run('serves a photo of Sam’s own sent-back closeout, and nobody else’s', async () => {
    const mine = await reads(edb()).attachment('T-07', sentId, 'photos/before-1.jpg')
    expect(mine.ok && mine.bytes.equals(defaultFiles()['photos/before-1.jpg']!)).toBe(true)
    expect(await reads(edb()).attachment('T-08', sentId, 'photos/before-1.jpg')).toMatchObject({
      ok: false,
      code: 'not-found',
    })
    expect(await reads(edb()).knownSubmission(sentId)).toMatchObject({ technicianId: 'T-07' })
    expect(await reads(edb()).jobAssignee('J-9100')).toBe('T-07')
    expect(await reads(edb()).jobAssignee('J-0000')).toBeUndefined()
  })
})

describe('the same answers from both engines', () => {
  const both = () => ({ sqlite: reads(engines.on('sqlite')), pg: reads(engines.on('postgres')) })

  it.skipIf(!pgRuns)('gives every technician the same sign-in list and the same jobs', async () => {
    const { sqlite, pg } = both()
    const technicians = await sqlite.technicians()
    expect(technicians.length).toBeGreaterThan(3)
    expect(await pg.technicians()).toEqual(technicians)
    for (const t of technicians) {
      expect(await pg.technician(t.id), t.id).toEqual(await sqlite.technician(t.id))
      expect(await pg.jobs(t), t.id).toEqual(await sqlite.jobs(t))
    }
  })

  it.skipIf(!pgRuns)('searches and copies the price book alike', async () => {
    const { sqlite, pg } = both()
    for (const q of SEARCHES) expect(await pg.searchPriceBook(q), q).toEqual(await sqlite.searchPriceBook(q))
    expect((await pg.priceBookSnapshot()).items).toEqual((await sqlite.priceBookSnapshot()).items)
  })

  it.skipIf(!pgRuns)('hands back the same photo bytes and writes the same snapshot for serve --lan-only', async () => {
    const { sqlite, pg } = both()
    for (const file of ['photos/before-1.jpg', 'photos/after-1.jpg', 'signature.png'])
      expect(await pg.attachment('T-07', sentId, file), file).toEqual(await sqlite.attachment('T-07', sentId, file))
    expect(await pg.knownSubmission(sentId)).toEqual(await sqlite.knownSubmission(sentId))
    expect(await buildOfficeSnapshot(engines.on('postgres'))).toEqual(await buildOfficeSnapshot(engines.on('sqlite')))
  })
})
