import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { scanInbox } from '../../../src-main/core/inbox/inbox-scan'
import { buildBundle, deliverBundle, openTestOffice, type TestOffice } from '../inbox/bundle-builder'

let t: TestOffice
beforeEach(async () => {
  t = await openTestOffice()
})
afterEach(async () => {
  await t.cleanup()
})

/** The search rows as a full rebuild would write them (2026_11_25_1400_jobs_search's query over every job). */
const REBUILT = `
  SELECT j.rowid AS rowid, j.id AS job, IFNULL(c.name, '') AS customer, j.site_address AS site,
         j.description || ' ' || IFNULL(json_extract(s.document_json, '$.workPerformed.notes'), '') AS notes,
         IFNULL((SELECT group_concat(IFNULL(sku, '') || ' ' || IFNULL(description, ''), ' ') FROM estimate_lines WHERE job_id = j.id), '') || ' ' ||
         IFNULL((SELECT group_concat(IFNULL(sku, '') || ' ' || description, ' ') FROM submission_lines WHERE submission_id = j.current_submission_id), '') AS parts,
         IFNULL(j.invoice_number, '') || ' ' || IFNULL(j.po_number, '') AS numbers
  FROM jobs j LEFT JOIN customers c ON c.id = j.customer_id LEFT JOIN submissions s ON s.id = j.current_submission_id
  ORDER BY j.rowid`

const indexed = () =>
  t.office.sqlite.prepare('SELECT rowid, job, customer, site, notes, parts, numbers FROM jobs_fts ORDER BY rowid').all()
const rebuilt = () => t.office.sqlite.prepare(REBUILT).all()

describe('job search rows kept current by the narrowed line triggers', () => {
  it('match a full rebuild after ingests (new, repeated and unknown jobs) and after a line edit', async () => {
    const first = buildBundle({
      jobId: 'J-1042',
      doc: { parts: [{ sku: 'CAP-45-5', description: 'Dual run capacitor', quantity: 1 }] },
    })
    const second = buildBundle({
      jobId: 'J-1042',
      doc: { parts: [{ description: 'Condenser fan motor', quantity: 1 }] },
    })
    const other = buildBundle({ jobId: 'J-7001', doc: { parts: [{ description: 'Thermostat wire', quantity: '2' }] } })
    for (const b of [first, second, other]) deliverBundle(t.inbox, b)
    expect(await scanInbox(t.office)).toMatchObject({ ingested: 3, failed: 0 })
    expect(indexed()).toEqual(rebuilt())
    const search = (term: string) =>
      (
        t.office.sqlite.prepare('SELECT job FROM jobs_fts WHERE jobs_fts MATCH ? ORDER BY rowid').all(term) as {
          job: string
        }[]
      ).map((r) => r.job)
    expect(search('thermostat')).toEqual(['J-7001'])

    // An office edit of a current line's description is searchable at once; a pricing update changes nothing searchable.
    const current = t.office.sqlite
      .prepare(`SELECT current_submission_id AS id FROM jobs WHERE id = 'J-7001'`)
      .get() as { id: string }
    t.office.sqlite
      .prepare(
        `UPDATE submission_lines SET description = 'Zone damper actuator' WHERE submission_id = ? AND kind = 'part'`,
      )
      .run(current.id)
    t.office.sqlite.prepare('UPDATE submission_lines SET amount_cents = 1234 WHERE submission_id = ?').run(current.id)
    expect(indexed()).toEqual(rebuilt())
    expect(search('damper')).toEqual(['J-7001'])
    expect(search('thermostat')).toEqual([])
  })
})
