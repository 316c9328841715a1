import type { Kysely } from 'kysely'
import { claimFolders, markAllDone, releaseFolders, renewFolders } from '../db/pg/claims.repo'
import type { PgDatabase } from '../db/pg/pool'
import type { Database } from '../db/schema'
import type { Office } from '../office'

/** How long a seat's claim on an inbox folder lasts without renewal: a seat that died is taken over after this. */
export const CLAIM_LEASE_MS = 60_000
/** How many folders a seat claims at a time: the others stay free for the other seats. */
export const CLAIM_CHUNK = 32

/**
 * Which inbox folders this seat may work on (issue #17). On the SQLite file the office is one
 * PC and takes every folder. On PostgreSQL several seats watch one inbox: a seat claims a
 * chunk of folders (a lease in seat_claims, on the database's clock) before touching their
 * files, renews the leases while it works, marks a bundle done in its ingest transaction only
 * while it holds the lease (`claimedIn`), moves a folder to the archive only while it still
 * holds it (`holds`), and gives each folder back once it has an outcome. A seat that dies leaves
 * its leases to run out; another seat then takes the folders over, and the ingest recognises a
 * bundle already committed (bundle-recognition.ts), so none is ingested twice or lost.
 */
export interface InboxGate {
  /** How many folders to ask for at a time. */
  readonly chunk: number
  /** Of `folders`, those this seat may work on now. */
  take(folders: readonly string[]): Promise<string[]>
  /** Whether this seat still holds `folder` (false once its lease was lost to another seat). */
  holds(folder: string): boolean
  /**
   * In the ingest transaction: marks the group's bundles done while this seat holds their leases;
   * returns those marked. A folder left out was lost to another seat: not committed here.
   */
  claimedIn(trx: Kysely<Database>, folders: readonly string[]): Promise<ReadonlySet<string>>
  /** `folder` has its outcome: give it back (batched, at the next take or close). */
  finished(folder: string): void
  /** Stops renewing and gives back every folder still held. */
  close(): Promise<void>
}

const WHOLE_INBOX: InboxGate = {
  chunk: Number.POSITIVE_INFINITY,
  take: async (folders) => [...folders],
  holds: () => true,
  claimedIn: async (_, folders) => new Set(folders),
  finished: () => undefined,
  close: async () => undefined,
}

export function inboxGate(office: Office, options: { leaseMs?: number } = {}): InboxGate {
  if (office.engine === 'sqlite') return WHOLE_INBOX
  const leaseMs = options.leaseMs ?? CLAIM_LEASE_MS
  const pg = office.db as unknown as Kysely<PgDatabase>
  const seatId = office.seat.id
  const held = new Set<string>()
  let giveBack: string[] = []
  const flush = async () => {
    const folders = giveBack
    giveBack = []
    await releaseFolders(pg, seatId, folders)
  }
  const renew = async () => {
    const still = new Set(await renewFolders(pg, seatId, [...held], { leaseMs }))
    for (const folder of held)
      if (!still.has(folder)) {
        held.delete(folder)
        console.error(`[closeout] inbox: the claim on ${folder} ran out; another seat takes it over`)
      }
  }
  let renewing: Promise<void> = Promise.resolve()
  const timer = setInterval(() => {
    renewing = renewing
      .then(renew)
      .catch((error: unknown) => console.error('[closeout] inbox: renewing claims:', error))
  }, leaseMs / 4)
  timer.unref()
  return {
    chunk: CLAIM_CHUNK,
    async take(folders) {
      await flush()
      const mine = await claimFolders(pg, seatId, folders, { leaseMs })
      for (const folder of mine) held.add(folder)
      return mine
    },
    holds: (folder) => held.has(folder),
    claimedIn: async (trx, folders) =>
      new Set(await markAllDone(trx as unknown as Kysely<PgDatabase>, seatId, folders)),
    finished(folder) {
      if (held.delete(folder)) giveBack.push(folder)
    },
    async close() {
      clearInterval(timer)
      await renewing
      giveBack.push(...held)
      held.clear()
      await flush()
    },
  }
}
