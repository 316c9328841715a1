/**
 * A strict IIF reader for the tests: header rows define the columns, every data row must have
 * exactly as many fields as its header, and each TRNS...ENDTRNS block is returned with its rows
 * as objects keyed by column name.
 */
export interface IifBlock {
  trns: Record<string, string>
  spl: Record<string, string>[]
}

export function readIif(text: string): IifBlock[] {
  if (text.charCodeAt(0) === 0xfeff) throw new Error('IIF must not start with a BOM')
  if (!text.endsWith('\r\n')) throw new Error('IIF must end with CRLF')
  const lines = text.slice(0, -2).split('\r\n')
  if (lines.some((l) => l.includes('\n') || l.includes('\r'))) throw new Error('bare LF or CR inside the file')
  const headers = new Map<string, string[]>()
  const blocks: IifBlock[] = []
  let current: IifBlock | null = null
  lines.forEach((line, i) => {
    const fields = line.split('\t')
    const kind = fields[0]!
    if (kind.startsWith('!')) {
      headers.set(kind.slice(1), fields)
      return
    }
    const header = headers.get(kind)
    if (!header) throw new Error(`line ${i + 1}: ${kind} before its !${kind} header`)
    if (fields.length !== header.length)
      throw new Error(`line ${i + 1}: ${fields.length} fields, header !${kind} has ${header.length}`)
    const row = Object.fromEntries(header.map((h, j) => [h.replace(/^!/, ''), fields[j]!]))
    if (kind === 'TRNS') {
      if (current) throw new Error(`line ${i + 1}: TRNS before ENDTRNS`)
      current = { trns: row, spl: [] }
    } else if (kind === 'SPL') {
      if (!current) throw new Error(`line ${i + 1}: SPL outside a TRNS block`)
      current.spl.push(row)
    } else if (kind === 'ENDTRNS') {
      if (!current || current.spl.length === 0) throw new Error(`line ${i + 1}: ENDTRNS without TRNS and SPL`)
      blocks.push(current)
      current = null
    }
  })
  if (current) throw new Error('last TRNS block is not closed by ENDTRNS')
  return blocks
}

/** "-12.34" -> -1234, exactly. */
export function cents(text: string): number {
  const m = /^(-)?(\d+)\.(\d{2})$/.exec(text)
  if (!m) throw new Error(`not a money amount: "${text}"`)
  const v = Number(m[2]) * 100 + Number(m[3])
  return m[1] ? -v : v
}
