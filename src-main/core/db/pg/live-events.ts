import pg from 'pg'
import { z } from 'zod'
import { EVENT_NAMES, JOBS_CHANGED_REASONS, type EventName, type OfficeEvents } from '../../../../src-shared/api/events'
import type { OfficeEmitter } from '../../office'
import { LIVE_CHANNEL, listenForSeats, notifySeats } from './live-channel.repo'

export { LIVE_CHANNEL }

/**
 * Live updates across seats on PostgreSQL (issue #17): what one seat does appears on the others
 * within a second. Every office event a seat emits (jobs changed, an inbox scan) goes out with
 * NOTIFY on one channel; every seat LISTENs and emits what another seat sent on its own emitter,
 * so its screens reload exactly as for a change made on that PC. On SQLite the office's events
 * stay in the process (one PC, one office).
 *
 * NOTIFY reaches the sessions listening at that moment, in commit order, at most 8000 bytes: a
 * message naming more jobs than fit says "any job may have changed" (jobIds null), which every
 * screen already understands. A seat that loses its connection listens again after growing
 * pauses; what it missed meanwhile it learns at its next reload, as after a restart.
 */
/** PostgreSQL's limit for a NOTIFY payload, in bytes. */
export const NOTIFY_LIMIT = 8000

/** What another seat sent, checked before anything is emitted here (the database is a boundary). */
const MessageSchema = z.discriminatedUnion('name', [
  z.strictObject({
    v: z.literal(1),
    seat: z.string().min(1).max(200),
    name: z.literal('jobs.changed'),
    payload: z.strictObject({
      reason: z.enum(JOBS_CHANGED_REASONS),
      jobIds: z.array(z.string().min(1).max(64)).nullable(),
    }),
  }),
  z.strictObject({
    v: z.literal(1),
    seat: z.string().min(1).max(200),
    name: z.literal('inbox.changed'),
    payload: z.strictObject({
      ingested: z.number().int().nonnegative(),
      duplicates: z.number().int().nonnegative(),
      rejected: z.number().int().nonnegative(),
      pending: z.number().int().nonnegative(),
    }),
  }),
])

export interface LiveEventsOptions {
  /** This seat's id: its own messages are not emitted a second time. */
  seatId: string
  /** Shown in pg_stat_activity, so a server admin sees whose connection it is. */
  applicationName?: string
  /** The first pause before listening again after a lost connection (it doubles, up to 30 s). */
  retryMs?: number
  /** Told about a lost connection or a refused message: a log line, never a crash. */
  onProblem?: (message: string) => void
}

export interface LiveEvents {
  /** Resolves once the seat listens for the first time. */
  readonly ready: Promise<void>
  /** Whether the seat listens right now. */
  listening(): boolean
  close(): Promise<void>
}

/** The message a seat sends for one of its events, within NOTIFY's size. */
export function liveMessage<E extends EventName>(seat: string, name: E, payload: OfficeEvents[E]): string {
  const text = JSON.stringify({ v: 1, seat, name, payload })
  if (Buffer.byteLength(text) <= NOTIFY_LIMIT) return text
  // Only a jobs.changed naming many jobs can be this long: "any job may have changed" instead.
  return JSON.stringify({ v: 1, seat, name, payload: { ...payload, jobIds: null } })
}

/**
 * Joins a seat's emitter to the other seats' through the database at `url`: its events go out,
 * theirs come in. It holds one connection of its own (LISTEN needs one).
 */
export function bridgeOfficeEvents(events: OfficeEmitter, url: string, options: LiveEventsOptions): LiveEvents {
  const problem = options.onProblem ?? ((message: string) => console.error(`[closeout] live updates: ${message}`))
  const firstPause = options.retryMs ?? 500
  let client: pg.Client | null = null
  let connected = false
  let closed = false
  let relaying = false
  let pause = firstPause
  let timer: NodeJS.Timeout | null = null
  let markReady: () => void = () => undefined
  const ready = new Promise<void>((resolve) => (markReady = resolve))

  const receive = (notification: pg.Notification) => {
    if (notification.channel !== LIVE_CHANNEL) return
    let json: unknown
    try {
      json = JSON.parse(notification.payload ?? '')
    } catch {
      return problem('ignored a message that is not JSON')
    }
    const parsed = MessageSchema.safeParse(json)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      return problem(`ignored a message: ${issue?.path.join('.') || '(message)'}: ${issue?.message ?? 'is not valid'}`)
    }
    const message = parsed.data
    if (message.seat === options.seatId) return
    // Emitting is synchronous: while it runs, this seat's own listener must not send it back out.
    relaying = true
    try {
      if (message.name === 'jobs.changed') events.emit('jobs.changed', message.payload)
      else events.emit('inbox.changed', message.payload)
    } finally {
      relaying = false
    }
  }

  const lost = (c: pg.Client, error: Error) => {
    if (client !== c) return
    client = null
    connected = false
    c.removeAllListeners('notification')
    void c.end().catch(() => undefined)
    if (closed) return
    problem(`${error.message}; listening again in ${Math.round(pause / 100) / 10} s`)
    timer = setTimeout(() => void connect(), pause)
    pause = Math.min(pause * 2, 30_000)
  }

  const connect = async () => {
    timer = null
    if (closed) return
    const c = new pg.Client({ connectionString: url, application_name: options.applicationName ?? 'closeout live' })
    client = c
    c.on('notification', receive)
    c.on('error', (error: Error) => lost(c, error))
    c.on('end', () => lost(c, new Error('the connection to the database ended')))
    try {
      await c.connect()
      await listenForSeats(c)
      if (client !== c) return
      connected = true
      pause = firstPause
      markReady()
    } catch (error) {
      lost(c, error instanceof Error ? error : new Error(String(error)))
    }
  }

  /** Messages on their way: a closing seat sends them before it hangs up. */
  const sending = new Set<Promise<void>>()
  const unsubscribe = EVENT_NAMES.map((name) => {
    const send = (payload: OfficeEvents[typeof name]) => {
      const c = client
      if (relaying || !connected || !c) return
      const sent = notifySeats(c, liveMessage(options.seatId, name, payload))
        .catch((error: unknown) =>
          problem(`could not tell the other seats: ${error instanceof Error ? error.message : String(error)}`),
        )
        .finally(() => sending.delete(sent))
      sending.add(sent)
    }
    events.on(name, send)
    return () => events.off(name, send)
  })

  void connect()
  return {
    ready,
    listening: () => connected,
    async close() {
      closed = true
      for (const off of unsubscribe) off()
      if (timer) clearTimeout(timer)
      await Promise.all(sending)
      const c = client
      client = null
      connected = false
      if (c) await c.end().catch(() => undefined)
    },
  }
}
