import { describe, expect, it } from 'vitest'
import {
  JOB_STATUSES,
  TransitionError,
  allowedTransitions,
  canTransition,
  transition,
  type JobStatus,
} from '../../../src-shared/domain/status'

const ALLOWED: [JobStatus, JobStatus][] = [
  ['scheduled', 'submitted'],
  ['submitted', 'needs-review'],
  ['submitted', 'needs-approval'],
  ['submitted', 'invoice-ready'],
  ['needs-review', 'invoice-ready'],
  ['needs-review', 'needs-approval'],
  ['needs-review', 'sent-back'],
  ['needs-approval', 'approved'],
  ['needs-approval', 'sent-back'],
  ['approved', 'invoice-ready'],
  ['sent-back', 'submitted'],
  ['invoice-ready', 'invoiced'],
  ['invoiced', 'invoice-ready'],
]

describe('job status machine', () => {
  it('uses exactly the status names of the spec', () => {
    expect(JOB_STATUSES).toEqual([
      'scheduled',
      'submitted',
      'needs-review',
      'needs-approval',
      'approved',
      'sent-back',
      'invoice-ready',
      'invoiced',
      'void',
    ])
  })

  it.each(ALLOWED)('allows %s -> %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true)
    expect(transition(from, to)).toBe(to)
  })

  it('lets every status but void be voided, and nothing leave void', () => {
    for (const from of JOB_STATUSES.filter((s) => s !== 'void')) expect(canTransition(from, 'void')).toBe(true)
    expect(allowedTransitions('void')).toEqual([])
  })

  const REFUSED: [JobStatus, JobStatus][] = [
    ['scheduled', 'invoice-ready'],
    ['scheduled', 'invoiced'],
    ['submitted', 'approved'],
    ['submitted', 'invoiced'],
    ['needs-approval', 'invoiced'],
    ['approved', 'sent-back'],
    ['sent-back', 'invoice-ready'],
    ['invoice-ready', 'approved'],
    ['invoiced', 'needs-review'],
    ['void', 'scheduled'],
    ['void', 'invoice-ready'],
  ]

  it.each(REFUSED)('refuses %s -> %s with code invalid-transition', (from, to) => {
    expect(canTransition(from, to)).toBe(false)
    try {
      transition(from, to)
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(TransitionError)
      expect((error as TransitionError).code).toBe('invalid-transition')
      expect((error as TransitionError).message).toBe(`A job that is ${from} cannot become ${to}`)
    }
  })
})
