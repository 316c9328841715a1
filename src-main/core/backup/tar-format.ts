/**
 * The POSIX ustar header, the container of a Closeout backup. A backup is a plain tar file so
 * that `tar tf` lists it and any archiver can open it when Closeout itself is not at hand.
 * Only regular files are written; names are short (at most 100 bytes), so no prefix or pax
 * records are needed. Sizes above ustar's 8 GiB octal limit use the GNU base-256 form.
 */
export const BLOCK = 512
const OCTAL_SIZE_LIMIT = 0o77777777777

export interface TarEntryHeader {
  name: string
  size: number
  mtimeSeconds: number
}

export function encodeHeader(entry: TarEntryHeader): Buffer {
  const name = Buffer.from(entry.name, 'utf8')
  if (name.length === 0 || name.length > 100) throw new Error(`tar entry name must be 1-100 bytes: ${entry.name}`)
  const h = Buffer.alloc(BLOCK, 0)
  name.copy(h, 0)
  h.write('0000644\0', 100, 'ascii')
  h.write('0000000\0', 108, 'ascii')
  h.write('0000000\0', 116, 'ascii')
  writeSize(h, entry.size)
  h.write(`${octal(entry.mtimeSeconds, 11)}\0`, 136, 'ascii')
  h.write('        ', 148, 'ascii')
  h.write('0', 156, 'ascii')
  h.write('ustar\0', 257, 'ascii')
  h.write('00', 263, 'ascii')
  h.write('closeout', 265, 'ascii')
  h.write('closeout', 297, 'ascii')
  h.write(`${octal(checksum(h), 6)}\0 `, 148, 'ascii')
  return h
}

export type DecodedHeader = { kind: 'entry'; entry: TarEntryHeader } | { kind: 'zero' } | { kind: 'bad'; why: string }

export function decodeHeader(h: Buffer): DecodedHeader {
  if (h.length !== BLOCK) return { kind: 'bad', why: 'short header block' }
  if (h.every((b) => b === 0)) return { kind: 'zero' }
  const stored = parseInt(h.toString('ascii', 148, 156).replace(/\0.*$/s, '').trim(), 8)
  if (stored !== checksum(h)) return { kind: 'bad', why: 'header checksum does not match' }
  if (h.toString('ascii', 257, 262) !== 'ustar') return { kind: 'bad', why: 'not a ustar header' }
  const type = String.fromCharCode(h[156]!)
  if (type !== '0' && type !== '\0') return { kind: 'bad', why: `unsupported entry type "${type}"` }
  const end = h.indexOf(0, 0)
  const name = h.toString('utf8', 0, end < 0 || end > 100 ? 100 : end)
  return { kind: 'entry', entry: { name, size: readSize(h), mtimeSeconds: parseInt(cString(h, 136, 12), 8) || 0 } }
}

/** Bytes of padding after `size` bytes of data, up to the next block. */
export function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK
}

function writeSize(h: Buffer, size: number): void {
  if (size <= OCTAL_SIZE_LIMIT) {
    h.write(`${octal(size, 11)}\0`, 124, 'ascii')
    return
  }
  h[124] = 0x80
  let rest = BigInt(size)
  for (let i = 135; i > 124; i--) {
    h[i] = Number(rest & 0xffn)
    rest >>= 8n
  }
}

function readSize(h: Buffer): number {
  if ((h[124]! & 0x80) !== 0) {
    let value = 0n
    for (let i = 125; i < 136; i++) value = (value << 8n) | BigInt(h[i]!)
    return Number(value)
  }
  return parseInt(cString(h, 124, 12), 8) || 0
}

function cString(h: Buffer, offset: number, length: number): string {
  return h
    .toString('ascii', offset, offset + length)
    .replace(/\0.*$/s, '')
    .trim()
}

function octal(value: number, width: number): string {
  return Math.max(0, Math.floor(value)).toString(8).padStart(width, '0')
}

function checksum(h: Buffer): number {
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!
  return sum
}
