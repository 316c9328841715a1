import type { ExportDateFormat } from '../../../src-shared/api/exports'

export { addDays } from '../../../src-shared/domain/calendar-day'

/** "2026-11-25" -> "11/25/2026" (or the other orders). The input is a plain calendar date. */
export function formatDate(isoDate: string, format: ExportDateFormat): string {
  const [y, m, d] = isoDate.split('-')
  if (format === 'MM/DD/YYYY') return `${m}/${d}/${y}`
  if (format === 'DD/MM/YYYY') return `${d}/${m}/${y}`
  return isoDate
}

/** The local calendar date of an instant (the office's own day, not UTC). */
export function localDate(at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())}`
}

const SPECIAL: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  þ: 'th',
  Þ: 'Th',
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2026': '...',
  '\u2032': "'",
  '\u2033': '"',
  '\u00a0': ' ',
  '\u00b0': ' deg',
  '\u00d7': 'x',
  '\u00bd': '1/2',
  '\u00bc': '1/4',
  '\u00be': '3/4',
}

/** "Müller – Peña" -> "Muller - Pena"; anything without an ASCII form becomes "?". */
export function transliterate(text: string): string {
  let out = ''
  for (const ch of text) {
    if (ch.charCodeAt(0) < 128) {
      out += ch
      continue
    }
    const special = SPECIAL[ch]
    if (special !== undefined) {
      out += special
      continue
    }
    const base = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    out += /^[\x20-\x7e]+$/.test(base) ? base : '?'
  }
  return out
}

/** A double quote right after a number: an inch mark (16", 1.5", 16”). */
const INCH_MARK = /(\d)["\u201d\u2033]/g

/** The text has an inch mark that an IIF field writes as "in". */
export function hasInchMark(text: string): boolean {
  return new RegExp(INCH_MARK.source).test(text)
}

/**
 * An IIF field: ASCII only (IIF is documented as ASCII text), no TAB/CR/LF (they shift every
 * later column), no double quotes (quoting rules are undocumented) and no semicolons
 * (reported to cut the transaction short).
 */
export function iifField(text: string): string {
  return (
    transliterate(text)
      .replace(/[\t\r\n]+/g, ' ')
      // An inch mark must not become a foot mark (16"x25" read as 16'x25'): it is written "in".
      .replace(INCH_MARK, '$1in')
      .replace(/"/g, "'")
      .replace(/;/g, ',')
      .replace(/ {2,}/g, ' ')
      .trim()
  )
}

/** A file-name-safe form of a name, keeping letters of any script ("Rosa Peña" -> "Rosa-Peña"). */
export function fileSafe(text: string, max = 60): string {
  const cleaned = text
    .normalize('NFC')
    .replace(/[\\/:*?"<>|\x00-\x1f]+/g, ' ')
    .replace(/[^\p{L}\p{N}._ -]+/gu, '')
    .trim()
    .replace(/\s+/g, '-')
    .replace(/^\.+/, '')
  return (cleaned || 'unnamed').slice(0, max)
}

/** Tabs and line breaks inside a CSV cell survive quoting but break spreadsheets and some importers. */
export function oneLine(text: string): string {
  return text
    .replace(/[\t\r\n]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim()
}

/** A cell a spreadsheet would run as a formula (OWASP "CSV Injection"); a plain number is data. */
export function isFormulaLike(cell: string): boolean {
  return /^[=+\-@\t\r]/.test(cell) && !/^-\d+(\.\d+)?$/.test(cell)
}

/** OWASP's neutralization for files meant for spreadsheets: a leading single quote. */
export function excelSafe(cell: string): string {
  return isFormulaLike(cell) ? `'${cell}` : cell
}
