import { Worker } from 'node:worker_threads'

/**
 * A few worker threads for the store's slow file work: copying a photo while hashing it,
 * creating files and folders (costly in the kernel), and fsync (milliseconds of waiting per
 * call on a VM or a laptop SSD). On the main thread that work would sit between every SQLite
 * statement; here it runs beside it, several fsyncs wait at once (the file system commits
 * them together), and each job is one message each way instead of a thread-pool round trip
 * per system call. libuv's own pool is left alone for the rest of the process.
 */
const WORKERS = 4

/** The jobs, in plain JavaScript: the worker is started from this text, so no file has to ship beside the bundle. */
const SOURCE = String.raw`
const { parentPort } = require('node:worker_threads')
const fs = require('node:fs')
const { createHash } = require('node:crypto')
const buffer = Buffer.allocUnsafe(1024 * 1024)
function durable(fd) { try { fs.fsyncSync(fd) } finally { fs.closeSync(fd) } }
function copyHashing(source, temp, size) {
  const input = fs.openSync(source, 'r')
  const output = temp === null ? null : fs.openSync(temp, 'w')
  const hash = createHash('sha256')
  let total = 0
  let head = null
  try {
    for (;;) {
      const n = fs.readSync(input, buffer, 0, buffer.length, null)
      if (n === 0) break
      const chunk = buffer.subarray(0, n)
      if (head === null) head = Buffer.from(chunk.subarray(0, 16))
      hash.update(chunk)
      if (output !== null) for (let o = 0; o < n; ) o += fs.writeSync(output, chunk, o, n - o)
      total += n
      // A file still growing past its listed size can never match: stop reading it.
      if (total > size) break
    }
  } catch (error) {
    if (output !== null) { fs.closeSync(output); fs.rmSync(temp, { force: true }) }
    throw error
  } finally {
    fs.closeSync(input)
  }
  return { output, sha256: hash.digest('hex'), size: total, head: head ?? Buffer.alloc(0) }
}
const jobs = {
  stage({ source, dir, temp, target, sha256, size }) {
    let existing = target === null
    if (!existing) try { existing = fs.statSync(target).size === size } catch {}
    let created
    if (!existing) {
      created = fs.mkdirSync(dir, { recursive: true })
      fs.mkdirSync(require('node:path').dirname(temp), { recursive: true })
    }
    const copy = copyHashing(source, existing ? null : temp, size)
    if (copy.sha256 !== sha256 || copy.size !== size) {
      if (copy.output !== null) { fs.closeSync(copy.output); fs.rmSync(temp, { force: true }) }
      return { match: false, sha256: copy.sha256, size: copy.size, head: copy.head }
    }
    if (copy.output !== null) durable(copy.output)
    return { match: true, existing, created, head: copy.head }
  },
  write({ file, text, dir }) {
    fs.mkdirSync(dir, { recursive: true })
    const fd = fs.openSync(file, 'w')
    try { fs.writeSync(fd, text) } catch (error) { fs.closeSync(fd); throw error }
    durable(fd)
  },
  fsyncDir({ dir }) {
    durable(fs.openSync(dir, 'r'))
  },
}
parentPort.on('message', (batch) => {
  parentPort.postMessage(batch.map(({ kind, args }) => {
    try {
      return { value: jobs[kind](args) }
    } catch (error) {
      return { error: { message: String(error && error.message), code: error && error.code } }
    }
  }))
})
`

type FsJob =
  | {
      kind: 'stage'
      args: { source: string; dir: string; temp: string | null; target: string | null; sha256: string; size: number }
    }
  | { kind: 'write'; args: { file: string; text: string; dir: string } }
  | { kind: 'fsyncDir'; args: { dir: string } }

export type StageReply =
  | { match: true; existing: boolean; created: string | undefined; head: Uint8Array }
  | { match: false; sha256: string; size: number; head: Uint8Array }

interface Queued {
  job: FsJob
  resolve: (value: unknown) => void
  reject: (error: Error) => void
}

interface Lane {
  worker: Worker
  /** Batches posted and not answered yet, oldest first (a worker answers in order). */
  posted: Queued[][]
}

/**
 * Batches posted ahead to each worker, so it goes on without waiting for the main thread
 * (which may be busy in SQLite for a while); few, so that urgent jobs wait little.
 */
const DEPTH = 2
/** Jobs per message: one message each way per batch instead of per file. */
const BATCH_MAX = 8
const lanes: Lane[] = []
/** Jobs that finish a commit (folder fsyncs, receipts) go before staging more photos. */
const urgent: Queued[] = []
const queue: Queued[] = []
let dispatchQueued = false

/**
 * Hashes `source` and, unless the store already holds `target` at this size, copies it to
 * `temp` in the same pass and fsyncs it (the temp is removed again if the hash does not
 * match). `target` null: only hashes. Rejects with the file error, `code` kept (ENOENT...).
 */
export function stageOnWorker(args: Extract<FsJob, { kind: 'stage' }>['args']): Promise<StageReply> {
  return run({ kind: 'stage', args }) as Promise<StageReply>
}

/** Creates `file` in `dir` (made if need be) with `text`, fsynced. */
export async function writeOnWorker(args: Extract<FsJob, { kind: 'write' }>['args']): Promise<void> {
  await run({ kind: 'write', args })
}

/**
 * Makes renames into these folders durable, like fs/atomic's fsyncDir: skipped on Windows
 * (folders cannot be opened there) and quiet where a network file system refuses.
 */
export async function fsyncDirectories(dirs: Iterable<string>): Promise<void> {
  if (process.platform === 'win32') return
  await Promise.all([...new Set(dirs)].map((dir) => run({ kind: 'fsyncDir', args: { dir } }).catch(() => undefined)))
}

function run(job: FsJob): Promise<unknown> {
  return new Promise((resolve, reject) => {
    ;(job.kind === 'stage' ? queue : urgent).push({ job, resolve, reject })
    // Jobs come in bursts (a bundle's files, a group's folders): post them once the burst is over.
    if (!dispatchQueued) queueMicrotask(dispatch)
    dispatchQueued = true
  })
}

/** Spreads waiting jobs over the workers with room, starting workers up to WORKERS. */
function dispatch(): void {
  dispatchQueued = false
  while (lanes.length < WORKERS && lanes.length < urgent.length + queue.length) startLane()
  for (;;) {
    const waiting = urgent.length + queue.length
    const open = lanes.filter((l) => l.posted.length < DEPTH)
    if (waiting === 0 || open.length === 0) return
    const lane = open.reduce((a, b) => (b.posted.length < a.posted.length ? b : a))
    const take = Math.min(BATCH_MAX, Math.ceil(waiting / open.length))
    const batch = [...urgent.splice(0, take)]
    batch.push(...queue.splice(0, take - batch.length))
    lane.posted.push(batch)
    lane.worker.ref()
    lane.worker.postMessage(batch.map((q) => q.job))
  }
}

function startLane(): Lane {
  const lane: Lane = { worker: new Worker(SOURCE, { eval: true }), posted: [] }
  lane.worker.on('message', (replies: { value?: unknown; error?: { message: string; code?: string } }[]) => {
    const batch = lane.posted.shift() ?? []
    // An idle worker must not keep the process alive.
    if (lane.posted.length === 0) lane.worker.unref()
    batch.forEach((q, i) => {
      const reply = replies[i]
      if (reply?.error)
        q.reject(Object.assign(new Error(reply.error.message), reply.error.code ? { code: reply.error.code } : {}))
      else q.resolve(reply?.value)
    })
    dispatch()
  })
  const lost = (error: Error) => {
    if (!lanes.includes(lane)) return
    lanes.splice(lanes.indexOf(lane), 1)
    for (const batch of lane.posted.splice(0)) for (const q of batch) q.reject(error)
    dispatch()
  }
  lane.worker.on('error', lost)
  lane.worker.on('exit', (code) => lost(new Error(`store worker stopped (exit code ${code})`)))
  lane.worker.unref()
  lanes.push(lane)
  return lane
}
