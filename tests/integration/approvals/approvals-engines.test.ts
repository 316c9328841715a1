import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApprovalItem } from '../../../src-shared/api/approvals'
import { parseMilli } from '../../../src-shared/domain/money'
import { listApprovals } from '../../../src-main/core/approvals/approvals.repo'
import { pricedSubmission } from '../../../src-main/core/approvals/priced-submission'
import { listUsers } from '../../../src-main/core/approvals/approvers.repo'
import { jobCloseout } from '../../../src-main/core/jobs/job-closeout'
import { withTransaction, type EngineDb } from '../../../src-main/core/db/engine-db'
import { evaluateSubmissionIn } from '../../../src-main/core/lifecycle/evaluate'
import type { SqliteOffice } from '../../../src-main/core/office'
import {
  engineCloseout,
  ENGINES,
  engineRuns,
  openEngineOffices,
  pgRuns,
  type EngineOffices,
} from '../../support/engines'

/**
 * Issue #17, the approval inbox on the async path: approvals.list (the supervisor's waiting
 * exceptions with their findings, amounts, estimate against actual and who has approved) and a
 * closeout's priced lines run through Kysely's `.execute()` on the SQLite file and on
 * PostgreSQL. The same office is on both: the demo company with closeouts priced and checked by
 * the real rules (a missing signature, a discount over the limit, parts outside the estimate, a
 * job created in the field for a customer named on the form, one routine closeout), a second
 * approval level over 1,000.00 with one first approval given, and one closeout whose stored
 * totals are gone (an older office), so the list prices it again. The approver picker
 * (users.list) and the job screen's closeout (jobs.closeout) too. Both engines answer the same.
 */
let engines: EngineOffices
/** The field job's card as the rules stored it, before its stored totals were taken away. */
let fieldCardBefore: ApprovalItem | undefined
const submissionOf = new Map<string, string>()

const closeout = engineCloseout

const NO_SIGNATURE = { signature: null, exceptions: [{ kind: 'no-signature', reason: 'Tenant away' }] }

/** Receives each closeout as the ingest stores it and lets the real rules price, check and sort it. */
async function seed(office: SqliteOffice): Promise<void> {
  const sqlite = office.sqlite
  const docs = [
    closeout('J-1043', 'T-08', {
      parts: [{ sku: 'CAP-45-5', description: 'Capacitor', quantity: 1 }],
      ...NO_SIGNATURE,
    }),
    closeout('J-1044', 'T-09', {
      labor: [{ role: 'journeyman', hours: '4', billable: true, overtime: false }],
      parts: [
        { sku: 'WH-40G', description: '40 gal gas water heater', quantity: 1 },
        { sku: 'EXP-TANK', description: 'Expansion tank', quantity: 1 },
        { sku: 'TP-VALVE', description: 'T&P relief valve', quantity: 1 },
        { sku: 'GAS-FLEX', description: 'Gas flex connector', quantity: 1 },
      ],
      adjustments: [{ kind: 'trip-charge', description: 'Trip', amount: '49.00' }],
      discount: { percent: '12.5', reason: 'Long-standing customer' },
    }),
    closeout('J-1046', 'T-08', {
      parts: [
        { sku: 'IGN-HSI', description: 'Igniter', quantity: 1 },
        { sku: 'FLM-SENS', description: 'Flame sensor', quantity: 1 },
        { sku: 'CAP-10', description: 'Capacitor', quantity: 3 },
      ],
      // Under the 10% that needs approval: a second discounted closeout on the list.
      discount: { percent: '5', reason: 'Returning customer' },
    }),
    closeout('J-1047', 'T-09', {
      labor: [{ role: 'journeyman', hours: '2', billable: true, overtime: false }],
      parts: [
        { sku: 'MTR-COND-1/4', description: 'Condenser motor', quantity: 1 },
        { sku: 'CAP-10', description: 'Capacitor', quantity: 1 },
      ],
    }),
    closeout('F-0001', 'T-07', {
      job: { new: { customerName: 'Maple Grove Apartments', siteAddress: '12 Maple Ct', jobType: 'repair' } },
      parts: [{ sku: 'CAP-45-5', description: 'Capacitor', quantity: 2 }],
      ...NO_SIGNATURE,
    }),
  ]
  const at = '2026-11-25T20:10:00.000Z'
  // A customer of the same name added later: the field job goes by the first (C-101, taxed).
  sqlite
    .prepare(
      `INSERT INTO customers (id, name, address, email, phone, requires_signature) VALUES ('C-901', 'Maple Grove Apartments', '1 Elsewhere', '', '', 0)`,
    )
    .run()
  sqlite.prepare(`UPDATE approval_policy SET second_approval_over_cents = 100000 WHERE id = 1`).run()
  // The approver picker: a supervisor whose name starts in lower case, one no longer with the office.
  const addUser = sqlite.prepare(`INSERT INTO users (id, name, roles_json, pin_hash, active) VALUES (?, ?, ?, NULL, ?)`)
  addUser.run('U-3', 'alex Ortiz', '["supervisor","billing"]', 1)
  addUser.run('U-4', 'Former Supervisor', '["supervisor"]', 0)
  {
    for (const [i, doc] of docs.entries()) {
      const jobId = 'id' in doc.job ? doc.job.id : 'F-0001'
      const stamp = `2026-11-25T20:1${i}:00.000Z`
      if (!('id' in doc.job))
        sqlite
          .prepare(
            `INSERT INTO jobs (id, site_address, status, origin, created_at, updated_at) VALUES (?, '12 Maple Ct', 'submitted', 'field', ?, ?)`,
          )
          .run(jobId, stamp, stamp)
      sqlite
        .prepare(
          `INSERT INTO submissions (id, job_id, technician_id, fingerprint, document_json, completed_at, received_at, discount_percent_milli, discount_reason)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          doc.submissionId,
          jobId,
          doc.technician.id,
          doc.submissionId,
          JSON.stringify(doc),
          doc.completedAt,
          stamp,
          doc.discount?.percent ? parseMilli(doc.discount.percent) : null,
          doc.discount?.reason ?? null,
        )
      sqlite
        .prepare(`UPDATE jobs SET current_submission_id = ?, updated_at = ? WHERE id = ?`)
        .run(doc.submissionId, stamp, jobId)
      await withTransaction(office, (trx) =>
        evaluateSubmissionIn(office, trx, doc.submissionId, {
          actor: 'rules',
          reason: 'closeout received',
          at: stamp,
          afterIngest: true,
        }),
      )
      submissionOf.set(jobId, doc.submissionId)
    }
    // The photos the phone sent with the water heater's closeout.
    const photo = sqlite.prepare(
      `INSERT INTO attachments (submission_id, file, category, sha256, size, taken_at, mime) VALUES (?, ?, ?, ?, ?, ?, 'image/jpeg')`,
    )
    photo.run(
      submissionOf.get('J-1044'),
      'photos/before-1.jpg',
      'before',
      'a'.repeat(64),
      48_213,
      '2026-11-25T13:02:00Z',
    )
    photo.run(submissionOf.get('J-1044'), 'photos/after-1.jpg', 'after', 'b'.repeat(64), 51_977, null)
    // The supervisor's first of the two approvals the discounted water heater needs.
    sqlite
      .prepare(
        `INSERT INTO approvals (job_id, submission_id, user_id, level, decision, comment, at) VALUES ('J-1044', ?, 'U-2', 1, 'approved', 'Discount agreed', ?)`,
      )
      .run(submissionOf.get('J-1044'), at)
  }
}

beforeAll(async () => {
  engines = await openEngineOffices(async ({ office }) => {
    await seed(office)
    fieldCardBefore = (await listApprovals(office, { jobId: 'F-0001' }))[0]
    // An older office's closeout without stored totals: the list prices it again.
    office.sqlite
      .prepare(`UPDATE submissions SET subtotal_cents = NULL, tax_cents = NULL, total_cents = NULL WHERE id = ?`)
      .run(submissionOf.get('F-0001'))
  })
}, 180_000)
afterAll(async () => {
  await engines?.close()
})

describe.each(ENGINES)('the approval inbox on %s', (engine) => {
  const edb = (): EngineDb => engines.on(engine)
  const run = it.skipIf(!engineRuns(engine))

  run('lists the waiting exceptions oldest first, each with the findings that put it there', async () => {
    const items = await listApprovals(edb())
    expect(items.map((i) => [i.jobId, i.findings.map((f) => f.code)])).toEqual([
      ['J-1043', ['signature-exception']],
      ['J-1044', ['discount-over-limit']],
      ['J-1046', ['parts-outside-estimate', 'parts-outside-estimate']],
      ['F-0001', ['signature-exception']],
    ])
    expect(items.every((i) => i.status === 'needs-approval')).toBe(true)
  })

  run('shows the amounts the export will invoice, with the discount shared over the taxable lines', async () => {
    const [card] = await listApprovals(edb(), { jobId: 'J-1044' })
    expect(card?.customer).toBe('Rosa Peña')
    expect(card?.technician).toBeTruthy()
    // 12.5% off 1871.00; the taxable parts keep their share after the discount; Chicago's tax on them.
    expect(card?.totals).toEqual({
      subtotal: '1871.00',
      discount: '233.88',
      taxable: '1156.75',
      tax: '118.57',
      total: '1755.69',
    })
    expect(card?.estimateVsActual.notToExceed).toBe('2200.00')
    expect(card?.estimateVsActual.laborHoursEstimate).toBe('4')
    expect(card?.estimateVsActual.laborHoursActual).toBe('4')
    expect(card?.estimateVsActual.partsEstimate).toBe(card?.estimateVsActual.partsActual)
  })

  run('says who has approved and how many approvals a job over the limit needs', async () => {
    const items = await listApprovals(edb())
    const byJob = new Map(items.map((i) => [i.jobId, i]))
    expect(byJob.get('J-1044')?.levelsRequired).toBe(2)
    expect(byJob.get('J-1044')?.approvals).toEqual([
      {
        userId: 'U-2',
        name: 'Lee Park (supervisor)',
        level: 1,
        at: '2026-11-25T20:10:00.000Z',
        comment: 'Discount agreed',
      },
    ])
    expect(byJob.get('J-1043')?.totals.total).toBe('228.92')
    expect(byJob.get('J-1043')?.levelsRequired).toBe(1)
    expect(byJob.get('J-1043')?.approvals).toEqual([])
  })

  run('prices again a closeout without stored totals, to the figures the rules stored', async () => {
    const [card] = await listApprovals(edb(), { jobId: 'F-0001' })
    expect(fieldCardBefore?.totals.tax).not.toBe('0.00')
    expect(card).toEqual(fieldCardBefore)
    // A job created in the field has no estimate to compare with.
    expect(card?.estimateVsActual.partsEstimate).toBeNull()
  })

  run("gives a closeout's priced lines and totals as the approver sees them", async () => {
    const priced = await pricedSubmission(edb(), submissionOf.get('J-1044')!)
    const [card] = await listApprovals(edb(), { jobId: 'J-1044' })
    expect(priced.totals).toEqual(card?.totals)
    expect(priced.lines.map((l) => l.sku ?? l.kind)).toEqual([
      'labor',
      'WH-40G',
      'EXP-TANK',
      'TP-VALVE',
      'GAS-FLEX',
      'adjustment',
    ])
    // Every card's figures (summed and shared in SQL and here) are the priced closeout's own.
    for (const item of await listApprovals(edb()))
      expect((await pricedSubmission(edb(), item.submissionId)).totals).toEqual(item.totals)
    await expect(pricedSubmission(edb(), randomUUID())).rejects.toMatchObject({ code: 'not-found' })
  })

  run('shows the approver the closeout on the job screen: lines, totals, photos, estimate', async () => {
    const answer = await jobCloseout(edb(), 'J-1044')
    expect(answer.currency).toBe('USD')
    expect(answer.notToExceedCents).toBe(220_000)
    expect(answer.estimateCents).toBeGreaterThan(0)
    const view = answer.closeout!
    expect(view.submissionId).toBe(submissionOf.get('J-1044'))
    expect(view.lines.map((l) => [l.lineNo, l.kind, l.sku])).toEqual([
      [1, 'labor', null],
      [2, 'part', 'WH-40G'],
      [3, 'part', 'EXP-TANK'],
      [4, 'part', 'TP-VALVE'],
      [5, 'part', 'GAS-FLEX'],
      [6, 'adjustment', null],
    ])
    expect(view.totals).toEqual({
      subtotalCents: 187_100,
      discountCents: 23_388,
      taxCents: 11_857,
      totalCents: 175_569,
    })
    expect(view.photos.map((p) => [p.category, p.file, p.size, p.takenAt])).toEqual([
      ['before', 'photos/before-1.jpg', 48_213, '2026-11-25T13:02:00Z'],
      ['after', 'photos/after-1.jpg', 51_977, null],
    ])
    expect(view.discount).toEqual({ percent: '12.5', amountCents: null, reason: 'Long-standing customer' })
    expect(view.history).toEqual([])
    expect((await jobCloseout(edb(), 'J-1048')).closeout).toBeNull()
    await expect(jobCloseout(edb(), 'J-9999')).rejects.toMatchObject({ code: 'not-found' })
  })

  run('lists the active office users for the approver picker, saying who may approve', async () => {
    expect(await listUsers(edb())).toEqual([
      { id: 'U-1', name: 'Dana Kim (billing)', roles: ['billing'], mayApprove: false },
      { id: 'U-2', name: 'Lee Park (supervisor)', roles: ['supervisor'], mayApprove: true },
      { id: 'U-3', name: 'alex Ortiz', roles: ['supervisor', 'billing'], mayApprove: true },
    ])
  })

  run('lists nothing for a job that is not waiting', async () => {
    expect(await listApprovals(edb(), { jobId: 'J-1047' })).toEqual([])
    expect(await listApprovals(edb(), { jobId: 'J-9999' })).toEqual([])
  })
})

describe.skipIf(!pgRuns)('both engines', () => {
  it('give the same approval inbox, priced lines and job screens', async () => {
    expect(await listApprovals(engines.on('postgres'))).toEqual(await listApprovals(engines.on('sqlite')))
    for (const jobId of submissionOf.keys())
      expect(await jobCloseout(engines.on('postgres'), jobId)).toEqual(await jobCloseout(engines.on('sqlite'), jobId))
    for (const id of submissionOf.values())
      expect(await pricedSubmission(engines.on('postgres'), id)).toEqual(
        await pricedSubmission(engines.on('sqlite'), id),
      )
  })
})
