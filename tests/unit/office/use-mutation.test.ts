import { describe, expect, it } from 'vitest'
import { ApiCallError } from '../../../src-renderer/office/app/api'
import { mutationError, pinFailure, topField } from '../../../src-renderer/office/app/use-mutation'

describe('reading a failed office call for a form', () => {
  it('keeps the message and code, and puts each field message under its path', () => {
    const e = new ApiCallError({
      code: 'invalid-input',
      message: 'Check the highlighted fields',
      details: [
        { path: 'siteAddress', message: 'Enter the site address' },
        { path: 'customer.name', message: 'Enter a name' },
      ],
    })
    expect(mutationError(e)).toEqual({
      text: 'Check the highlighted fields',
      code: 'invalid-input',
      fields: { siteAddress: 'Enter the site address', 'customer.name': 'Enter a name' },
    })
  })

  it('folds nested paths to the form field, the first message winning', () => {
    const e = new ApiCallError({
      code: 'invalid-input',
      message: 'Two lines are wrong',
      details: [
        { path: 'lines[2].qty', message: 'Quantity must be more than 0' },
        { path: 'lines[4].price', message: 'Price has more than 2 decimals' },
      ],
    })
    expect(mutationError(e, topField).fields).toEqual({ lines: 'Quantity must be more than 0' })
  })

  it('a failure that is not the API answer (network, a bug) still reads as a sentence, with no code', () => {
    expect(mutationError(new TypeError('Failed to fetch'))).toEqual({ text: 'Failed to fetch', code: null, fields: {} })
    expect(mutationError('offline')).toEqual({ text: 'offline', code: null, fields: {} })
  })

  it('a wrong or locked PIN is told apart, to be said beside the PIN field', () => {
    const wrong = mutationError(new ApiCallError({ code: 'wrong-pin', message: 'Wrong PIN for Dana Kim', details: [] }))
    const locked = mutationError(
      new ApiCallError({ code: 'pin-locked', message: 'Locked for 10 minutes', details: [] }),
    )
    const other = mutationError(new ApiCallError({ code: 'not-found', message: 'There is no job J-9', details: [] }))
    expect(pinFailure(wrong)).toBe('Wrong PIN for Dana Kim')
    expect(pinFailure(locked)).toBe('Locked for 10 minutes')
    expect(pinFailure(other)).toBeNull()
    expect(pinFailure(null)).toBeNull()
  })
})
