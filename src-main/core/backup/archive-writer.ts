import { createHash, randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open, readFile, rename, unlink, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { createGzip } from 'node:zlib'
import { fsyncDir } from '../fs/atomic'
import { hashTap } from './hash-tap'
import { BLOCK, encodeHeader, padding } from './tar-format'

/** Test seam: called before each write with the bytes written so far; throwing simulates a full disk. */
export type WriteFault = (written: number, length: number) => void

export interface WrittenEntry {
  name: string
  /** Bytes of the original content (before gzip for a gzipped entry). */
  size: number
  sha256: string
}

/**
 * Writes one tar file under a temp name beside its final name (`.<name>.<random>.tmp`): readers
 * never see it until `commit` has written the end marker, fsynced and renamed it into place.
 * A process killed part-way leaves only the temp name, which listings and restore ignore.
 */
export class ArchiveWriter {
  private position = 0
  private constructor(
    readonly finalPath: string,
    readonly tempPath: string,
    private readonly fh: FileHandle,
    private readonly fault: WriteFault | undefined,
  ) {}

  static async create(finalPath: string, fault?: WriteFault): Promise<ArchiveWriter> {
    const temp = join(dirname(finalPath), `.${basename(finalPath)}.${randomBytes(4).toString('hex')}.tmp`)
    const fh = await open(temp, 'wx')
    return new ArchiveWriter(finalPath, temp, fh, fault)
  }

  /** A whole file read into memory (attachments are at most 25 MiB), hashed as it is copied. */
  async addFile(name: string, source: string): Promise<WrittenEntry> {
    const data = await readFile(source)
    return this.addBuffer(name, data)
  }

  async addBuffer(name: string, data: Buffer): Promise<WrittenEntry> {
    await this.write(encodeHeader({ name, size: data.length, mtimeSeconds: nowSeconds() }))
    await this.write(data)
    await this.write(Buffer.alloc(padding(data.length)))
    return { name, size: data.length, sha256: createHash('sha256').update(data).digest('hex') }
  }

  /** A large file streamed through gzip; the header is written last, once the compressed size is known. */
  async addGzipped(name: string, source: string): Promise<WrittenEntry> {
    const headerAt = this.position
    await this.write(Buffer.alloc(BLOCK))
    const dataAt = this.position
    const tap = hashTap()
    // A failed write (a full disk) surfaces from pipeline as an AbortError; report the write's own error.
    let writeError: unknown = null
    await pipeline(
      createReadStream(source),
      tap.stream,
      createGzip({ level: 6 }),
      async (gz: AsyncIterable<Buffer>) => {
        for await (const chunk of gz)
          await this.write(chunk).catch((error: unknown) => {
            writeError = error
            throw error
          })
      },
    ).catch((error: unknown) => {
      throw writeError ?? error
    })
    const compressed = this.position - dataAt
    await this.write(Buffer.alloc(padding(compressed)))
    await this.writeAt(encodeHeader({ name, size: compressed, mtimeSeconds: nowSeconds() }), headerAt)
    return { name, ...tap.digest() }
  }

  /** Writes the end-of-archive marker, makes the file durable and gives it its final name. */
  async commit(): Promise<void> {
    await this.write(Buffer.alloc(BLOCK * 2))
    await this.fh.sync()
    await this.fh.close()
    await rename(this.tempPath, this.finalPath)
    fsyncDir(dirname(this.finalPath))
  }

  /** Gives up: the temp file goes (it was never a backup), whatever the reason. */
  async abort(): Promise<void> {
    await this.fh.close().catch(() => undefined)
    await unlink(this.tempPath).catch(() => undefined)
  }

  private async write(data: Buffer): Promise<void> {
    await this.writeAt(data, this.position)
    this.position += data.length
  }

  private async writeAt(data: Buffer, at: number): Promise<void> {
    if (data.length === 0) return
    this.fault?.(this.position, data.length)
    let done = 0
    while (done < data.length) {
      const { bytesWritten } = await this.fh.write(data, done, data.length - done, at + done)
      done += bytesWritten
    }
  }
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000)
}
