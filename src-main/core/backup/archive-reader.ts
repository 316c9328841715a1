import { createReadStream, createWriteStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import { createGunzip } from 'node:zlib'
import { hashTap } from './hash-tap'
import { BLOCK, decodeHeader, padding } from './tar-format'

export interface ArchiveEntry {
  name: string
  /** Bytes stored in the archive. */
  size: number
  dataOffset: number
}

export interface ArchiveIndex {
  entries: ArchiveEntry[]
  /** The end-of-archive marker was found after the last entry. */
  ended: boolean
  /** Why the walk stopped early (a truncated or damaged file). */
  problem: string | null
}

/** Walks the headers of a tar file without reading the entries' data. */
export async function indexArchive(file: string): Promise<ArchiveIndex> {
  const fh = await open(file, 'r')
  try {
    const { size: fileSize } = await fh.stat()
    const entries: ArchiveEntry[] = []
    const block = Buffer.alloc(BLOCK)
    let at = 0
    for (;;) {
      if (at + BLOCK > fileSize) return { entries, ended: false, problem: `the file ends at byte ${fileSize}` }
      await fh.read(block, 0, BLOCK, at)
      const decoded = decodeHeader(block)
      if (decoded.kind === 'bad') return { entries, ended: false, problem: `${decoded.why} at byte ${at}` }
      if (decoded.kind === 'zero') {
        if (at + 2 * BLOCK > fileSize) return { entries, ended: false, problem: 'the end marker is cut short' }
        await fh.read(block, 0, BLOCK, at + BLOCK)
        const second = decodeHeader(block)
        return second.kind === 'zero'
          ? { entries, ended: true, problem: null }
          : { entries, ended: false, problem: `a stray block after the end marker at byte ${at + BLOCK}` }
      }
      const dataOffset = at + BLOCK
      const next = dataOffset + decoded.entry.size + padding(decoded.entry.size)
      if (next > fileSize) return { entries, ended: false, problem: `"${decoded.entry.name}" is cut short` }
      entries.push({ name: decoded.entry.name, size: decoded.entry.size, dataOffset })
      at = next
    }
  } finally {
    await fh.close()
  }
}

export async function readEntry(file: string, entry: ArchiveEntry): Promise<Buffer> {
  const fh = await open(file, 'r')
  try {
    const data = Buffer.alloc(entry.size)
    let done = 0
    while (done < entry.size) {
      const { bytesRead } = await fh.read(data, done, entry.size - done, entry.dataOffset + done)
      if (bytesRead === 0) throw new Error(`"${entry.name}" is cut short`)
      done += bytesRead
    }
    return data
  } finally {
    await fh.close()
  }
}

/** Streams a gzipped entry out to `dest`, hashing the unpacked bytes on the way. */
export async function extractGunzipped(
  file: string,
  entry: ArchiveEntry,
  dest: string,
): Promise<{ size: number; sha256: string }> {
  const tap = hashTap()
  const source = createReadStream(file, { start: entry.dataOffset, end: entry.dataOffset + entry.size - 1 })
  await pipeline(source, createGunzip(), tap.stream, createWriteStream(dest, { flags: 'wx' }))
  return tap.digest()
}
