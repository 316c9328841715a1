import { describe, expect, it } from 'vitest'
import { FINDINGS, FINDING_CODES, FINDING_SEVERITY, factsOf } from '../../../src-shared/domain/findings'
import { isMoneyText } from '../../../src-shared/domain/money'
import { allowsAction, JOB_STATUSES } from '../../../src-shared/domain/status'
import { MoneySchema, PositiveMoneySchema } from '../../../src-shared/schemas/primitives'

describe('what each finding code means (one table in the domain)', () => {
  it('office-only findings never keep a technician from sending; technician fixes do', () => {
    expect(FINDINGS['unknown-job']).toMatchObject({ actor: 'office', blocksPhone: false })
    expect(FINDINGS['unscheduled-job']).toMatchObject({ actor: 'office', blocksPhone: false })
    expect(FINDINGS['missing-photos']).toMatchObject({ actor: 'technician', blocksPhone: true, checklistItem: true })
  })

  it('every finding that goes to a supervisor has a rule name for the approval card and does not block the phone', () => {
    for (const code of FINDING_CODES.filter((c) => FINDINGS[c].severity === 'approval')) {
      expect(FINDINGS[code].rule, code).toBeTruthy()
      expect(FINDINGS[code].blocksPhone, code).toBe(false)
      expect(FINDINGS[code].actor, code).toBe('supervisor')
    }
  })

  it('the severities the rules engine assigns come from the same table', () => {
    for (const code of FINDING_CODES) expect(FINDING_SEVERITY[code]).toBe(FINDINGS[code].severity)
  })

  it('only the unpriced findings leave the total unknown', () => {
    expect(FINDING_CODES.filter((c) => FINDINGS[c].unpriced).sort()).toEqual(['unpriced-labor', 'unpriced-part'])
  })

  it('a stored code this version does not know has no facts (screens fall back to a generic line)', () => {
    expect(factsOf('some-future-code')).toBeNull()
    expect(factsOf('warranty-claim')?.advice).toBe('A supervisor approves the warranty claim.')
  })
})

describe('which actions a status allows', () => {
  it('approve only while waiting for approval; send back and edit lines need a closeout', () => {
    expect(JOB_STATUSES.filter((s) => allowsAction(s, 'approve'))).toEqual(['needs-approval'])
    expect(allowsAction('needs-review', 'send-back', true)).toBe(true)
    expect(allowsAction('needs-review', 'send-back', false)).toBe(false)
    expect(allowsAction('invoiced', 'edit-lines')).toBe(false)
  })

  it('every status but void can be voided; nothing can be done to a void job', () => {
    expect(JOB_STATUSES.filter((s) => !allowsAction(s, 'void'))).toEqual(['void'])
    for (const action of ['approve', 'send-back', 'edit-lines', 'edit-job', 'write-packet', 'void'] as const)
      expect(allowsAction('void', action)).toBe(false)
  })
})

describe('one money-input rule for every field and boundary', () => {
  it('a form field accepts exactly what the API accepts', () => {
    for (const text of [
      '38',
      '38.5',
      '38.00',
      '0.01',
      '1234567890123.99',
      '-5',
      '38.001',
      '1e3',
      '',
      ' 38',
      '12345678901234',
    ])
      expect(isMoneyText(text, { negative: true }), text).toBe(MoneySchema.safeParse(text).success)
  })

  it('fields that take no negative amounts refuse them, as PositiveMoneySchema does', () => {
    for (const text of ['-5', '-0.01', '5', '0'])
      expect(isMoneyText(text), text).toBe(PositiveMoneySchema.safeParse(text).success)
  })
})
