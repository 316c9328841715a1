import { describe, expect, it } from 'vitest'
import { addDays, dayOf, isValidTimeZone, mondayOf, startOfDay } from '../../../src-main/core/metrics/zoned-time'

describe('zoned time', () => {
  it('starts a Chicago day at local midnight on either side of the fall-back change', () => {
    expect(new Date(startOfDay('2026-10-31', 'America/Chicago')).toISOString()).toBe('2026-10-31T05:00:00.000Z')
    expect(new Date(startOfDay('2026-11-01', 'America/Chicago')).toISOString()).toBe('2026-11-01T05:00:00.000Z')
    expect(new Date(startOfDay('2026-11-02', 'America/Chicago')).toISOString()).toBe('2026-11-02T06:00:00.000Z')
  })

  it('makes the week that holds the change 169 hours long', () => {
    const hours = (startOfDay('2026-11-02', 'America/Chicago') - startOfDay('2026-10-26', 'America/Chicago')) / 3600_000
    expect(hours).toBe(169)
  })

  it('starts a day whose midnight does not exist at the first minute that does (Santiago, spring forward)', () => {
    expect(new Date(startOfDay('2026-09-06', 'America/Santiago')).toISOString()).toBe('2026-09-06T04:00:00.000Z')
    expect(dayOf(startOfDay('2026-09-06', 'America/Santiago'), 'America/Santiago')).toBe('2026-09-06')
  })

  it('names the local day of an instant', () => {
    expect(dayOf(Date.parse('2026-11-02T05:30:00Z'), 'America/Chicago')).toBe('2026-11-01')
    expect(dayOf(Date.parse('2026-11-02T05:30:00Z'), 'Asia/Tokyo')).toBe('2026-11-02')
  })

  it('finds the Monday of a week and steps days across month ends', () => {
    expect(mondayOf('2026-11-01')).toBe('2026-10-26')
    expect(mondayOf('2026-11-02')).toBe('2026-11-02')
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04')
  })

  it('tells a real zone from a typo', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true)
    expect(isValidTimeZone('Mars/Olympus')).toBe(false)
  })
})
