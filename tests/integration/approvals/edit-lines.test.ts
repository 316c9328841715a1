import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CloseoutError } from '../../../src-main/core/errors'
import { editLines } from '../../../src-main/core/jobs/edit-lines'
import { sendBackJob } from '../../../src-main/core/approvals/decisions'
import { approvalsOffice, disposeTemplate, type ApprovalsOffice } from './approvals-harness'

const DANA = { userId: 'U-1', pin: '2468' }

let h: ApprovalsOffice
beforeEach(async () => {
  h = await approvalsOffice()
})
afterEach(() => h.dispose())
afterAll(() => disposeTemplate())

describe('office edits of a closeout', () => {
  it('pricing an unpriced part fixes a needs-review job: invoice-ready, logged as a touch, receipt rewritten', async () => {
    // Without an estimate, so only the missing price stands between this job and its invoice.
    h.office.sqlite.prepare(`DELETE FROM estimate_lines WHERE job_id = 'J-1043'`).run()
    const id = await h.submit({
      parts: [
        { sku: 'CAP-45-5', description: 'cap', quantity: 1 },
        { description: 'Wire nuts', quantity: 10 },
      ],
    })
    expect(h.receipt(id)).toMatchObject({
      status: 'needs-review',
      findings: [{ code: 'unpriced-part', message: 'Part "Wire nuts" has no price and it has no SKU' }],
    })

    const result = await editLines(h.office, {
      jobId: 'J-1043',
      ...DANA,
      edits: [{ op: 'update', lineNo: 3, unitPrice: '0.25' }],
    })

    expect(result).toMatchObject({
      status: 'invoice-ready',
      edits: [{ lineNo: 3, field: 'unitPrice', from: null, to: '0.25' }],
    })
    expect(h.receipt(id)).toMatchObject({ status: 'invoice-ready', findings: [] })
    // 187.50 + 38.00 + 2.50 = 228.00; tax 9% of 40.50 = 3.645 -> 3.65.
    expect(h.job('J-1043').total_cents).toBe(23_165)
    expect(h.events('J-1043', 'lines-edited')).toEqual([
      expect.objectContaining({
        actor: 'U-1',
        data: { submissionId: id, edits: [{ lineNo: 3, field: 'unitPrice', from: null, to: '0.25' }] },
      }),
    ])
    expect(
      h.office.sqlite
        .prepare('SELECT edited, amount_cents FROM submission_lines WHERE submission_id = ? AND line_no = 3')
        .get(id),
    ).toEqual({ edited: 1, amount_cents: 250 })
  })

  it('an edit that pushes an invoice-ready job over its not-to-exceed sends it to approval', async () => {
    await h.submit()
    const result = await editLines(h.office, {
      jobId: 'J-1043',
      ...DANA,
      edits: [{ op: 'add', kind: 'labor', role: 'journeyman', description: 'Second visit', quantity: '1.5' }],
    })
    expect(result.status).toBe('needs-approval')
    const findings = JSON.parse(
      (
        h.office.sqlite.prepare('SELECT findings_json FROM submissions WHERE id = ?').get(result.submissionId) as {
          findings_json: string
        }
      ).findings_json,
    ) as { code: string; path?: string }[]
    expect(findings.map((f) => f.code)).toEqual(['total-over-nte'])
  })

  it('removing a line and changing a quantity are each recorded with before and after', async () => {
    await h.submit({
      parts: [
        { sku: 'CAP-45-5', description: 'cap', quantity: 1 },
        { sku: 'CAP-10', description: 'fan cap', quantity: 1 },
      ],
    })
    expect(h.job('J-1043').status).toBe('needs-approval')

    const result = await editLines(h.office, {
      jobId: 'J-1043',
      ...DANA,
      edits: [
        { op: 'remove', lineNo: 3 },
        { op: 'update', lineNo: 1, quantity: '1.25', description: 'Diagnose and replace capacitor' },
      ],
    })

    expect(result.edits).toEqual([
      { lineNo: 3, field: 'removed', from: false, to: true },
      { lineNo: 1, field: 'quantity', from: '1.5', to: '1.25' },
      { lineNo: 1, field: 'description', from: '', to: 'Diagnose and replace capacitor' },
    ])
    expect(result.status).toBe('invoice-ready')
  })

  it('names the edit at fault and changes nothing when one edit is wrong', async () => {
    const id = await h.submit({ warrantyClaim: true })
    const before = h.office.sqlite.prepare('SELECT * FROM submission_lines WHERE submission_id = ?').all(id)
    let error: CloseoutError | undefined
    try {
      await editLines(h.office, {
        jobId: 'J-1043',
        ...DANA,
        edits: [
          { op: 'update', lineNo: 1, quantity: 2 },
          { op: 'remove', lineNo: 9 },
        ],
      })
    } catch (e) {
      error = e as CloseoutError
    }
    expect(error).toMatchObject({ code: 'not-found', details: [{ path: 'edits[1].lineNo', message: 'no line 9' }] })
    expect(h.office.sqlite.prepare('SELECT * FROM submission_lines WHERE submission_id = ?').all(id)).toEqual(before)
    expect(h.events('J-1043', 'lines-edited')).toEqual([])
  })

  it('refuses to edit a job that was sent back (the technician corrects it)', async () => {
    await h.submit({ signature: null })
    await sendBackJob(h.office, { jobId: 'J-1043', ...DANA, comment: 'Get the signature' })
    await expect(
      editLines(h.office, { jobId: 'J-1043', ...DANA, edits: [{ op: 'remove', lineNo: 1 }] }),
    ).rejects.toMatchObject({ code: 'invalid-transition' })
  })
})
