import { describe, expect, it } from 'vitest'
import { addDays, fileSafe, formatDate, iifField, transliterate } from '../../../src-main/core/exports/export-text'

describe('export text', () => {
  it('transliterates names to ASCII the way a reader would write them', () => {
    expect(transliterate('Klaus Müller')).toBe('Klaus Muller')
    expect(transliterate('Rosa Peña – Straße “Nord”')).toBe('Rosa Pena - Strasse "Nord"')
    expect(transliterate('Łódź Ørsted Æble')).toBe('Lodz Orsted AEble')
    expect(transliterate('水')).toBe('?')
  })

  it('keeps IIF fields on one line, without tabs, quotes or semicolons', () => {
    expect(iifField('Apprentice\tdiagnostic\r\nline two')).toBe('Apprentice diagnostic line two')
    // An inch mark is written "in": 12' would be twelve feet.
    expect(iifField('12" duct; sealed')).toBe('12in duct, sealed')
    expect(iifField('Filter 16”x25″, "OEM"')).toBe("Filter 16inx25in, 'OEM'")
  })

  it('writes dates in each system order and adds days across month and year ends', () => {
    expect(formatDate('2026-03-05', 'MM/DD/YYYY')).toBe('03/05/2026')
    expect(formatDate('2026-03-05', 'DD/MM/YYYY')).toBe('05/03/2026')
    expect(formatDate('2026-03-05', 'YYYY-MM-DD')).toBe('2026-03-05')
    expect(addDays('2026-12-15', 30)).toBe('2027-01-14')
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
  })

  it('makes folder names safe but keeps accented letters', () => {
    expect(fileSafe('Rosa Peña')).toBe('Rosa-Peña')
    expect(fileSafe('Dana & Chris / Whitfield: "Main"')).toBe('Dana-Chris-Whitfield-Main')
    expect(fileSafe('..')).toBe('unnamed')
  })
})
