import { describe, expect, it } from 'vitest'
import { pinFailure } from '../../../src-renderer/shared/use-action'
import { ApiFailure } from '../../../src-renderer/techform/api'
import { techFailure } from '../../../src-renderer/techform/use-tech-action'

describe("reading a failed LAN call for the technician's form", () => {
  const read = techFailure('Cannot reach the office PC')

  it("shows the office PC's own words and keeps its code: a wrong PIN is told apart as in the office", () => {
    const wrong = read(new ApiFailure(401, 'wrong-pin', 'That PIN is not right for this technician'))
    expect(wrong).toEqual({ text: 'That PIN is not right for this technician', code: 'wrong-pin', fields: {} })
    expect(pinFailure(wrong)).toBe('That PIN is not right for this technician')
  })

  it('says "out of reach" in the form\'s words when no answer came, and for a failure that is not an answer', () => {
    expect(read(new ApiFailure(0, 'offline', 'fetch failed'))).toEqual({
      text: 'Cannot reach the office PC',
      code: 'offline',
      fields: {},
    })
    expect(read(new TypeError('Failed to fetch'))).toEqual({
      text: 'Cannot reach the office PC',
      code: null,
      fields: {},
    })
  })
})
