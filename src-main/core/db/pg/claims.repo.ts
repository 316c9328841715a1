import { sql, type Kysely } from 'kysely'
import type { PgDatabase } from './pool'

/**
 * Seat claims on PostgreSQL (issue #17): several seats watch one inbox, and a bundle is ingested
 * by exactly one of them. A seat claims a bundle (a lease: its seat id and an expiry) before
 * touching its files, renews the lease while it works, and marks the bundle done only while it
 * still holds the lease (in the ingest's own transaction). A lease left to expire (its seat
 * died) is taken over by the next seat that asks. Expiry is on the database's clock, never a seat's. Claiming uses FOR UPDATE SKIP LOCKED: seats asking at
 * the same moment get different bundles instead of waiting on each other.
 */

const leaseEnd = (leaseMs: number) => sql<Date>`now() + make_interval(secs => ${leaseMs / 1000})`

/** Records bundles seen in the inbox (any seat may; a bundle already known is left as it is). */
export async function registerBundles(db: Kysely<PgDatabase>, bundles: readonly string[]): Promise<void> {
  for (let i = 0; i < bundles.length; i += 1000)
    await db
      .insertInto('seat_claims')
      .values(bundles.slice(i, i + 1000).map((bundle) => ({ bundle })))
      .onConflict((oc) => oc.column('bundle').doNothing())
      .execute()
}

/**
 * The inbox's claim (issue #17): of the folders a seat found in the inbox, takes those nobody
 * holds a live lease on (free, given back, expired, or already this seat's), in one statement;
 * rows another seat is claiming at this moment are skipped, not waited for (SKIP LOCKED). A
 * folder done before is claimed again: its name is in the inbox again (the seat that
 * committed it died before archiving it, or a sync service delivered it once more), and the
 * ingest recognises a bundle it already holds. Returns the folders now this seat's.
 */
export async function claimFolders(
  db: Kysely<PgDatabase>,
  seatId: string,
  folders: readonly string[],
  options: { leaseMs: number },
): Promise<string[]> {
  if (folders.length === 0) return []
  await registerBundles(db, folders)
  const rows = await db
    .updateTable('seat_claims')
    .set((eb) => ({
      seat_id: seatId,
      expires_at: leaseEnd(options.leaseMs),
      claimed_at: sql<Date>`now()`,
      claims: eb('claims', '+', 1),
      done_at: null,
    }))
    .where('bundle', 'in', (eb) =>
      eb
        .selectFrom('seat_claims')
        .select('bundle')
        .where('bundle', 'in', [...folders])
        .where((w) =>
          w.or([w('seat_id', 'is', null), w('seat_id', '=', seatId), w('expires_at', '<', sql<Date>`now()`)]),
        )
        .forUpdate()
        .skipLocked(),
    )
    .returning('bundle')
    .execute()
  return rows.map((r) => r.bundle)
}

/**
 * Extends the leases this seat still holds on inbox folders (done or not: a committed bundle is
 * still the seat's until it is archived); returns them. A folder missing from the answer was
 * taken over after its lease ran out: the seat must not move its files.
 */
export async function renewFolders(
  db: Kysely<PgDatabase>,
  seatId: string,
  folders: readonly string[],
  options: { leaseMs: number },
): Promise<string[]> {
  if (folders.length === 0) return []
  const rows = await db
    .updateTable('seat_claims')
    .set({ expires_at: leaseEnd(options.leaseMs) })
    .where('bundle', 'in', [...folders])
    .where('seat_id', '=', seatId)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning('bundle')
    .execute()
  return rows.map((r) => r.bundle)
}

/** Gives folders back, finished or not (another seat may take one at once). */
export async function releaseFolders(
  db: Kysely<PgDatabase>,
  seatId: string,
  folders: readonly string[],
): Promise<void> {
  if (folders.length === 0) return
  await db
    .updateTable('seat_claims')
    .set({ seat_id: null, expires_at: null })
    .where('bundle', 'in', [...folders])
    .where('seat_id', '=', seatId)
    .execute()
}

/**
 * Marks a group's bundles ingested, each only if this seat still holds a live lease on it;
 * returns those marked. One missing lost its lease (taken over): the caller must not commit it
 * nor move its files. Pass the ingest's transaction so the marks commit with the ingest.
 */
export async function markAllDone(
  db: Kysely<PgDatabase>,
  seatId: string,
  bundles: readonly string[],
): Promise<string[]> {
  if (bundles.length === 0) return []
  const rows = await db
    .updateTable('seat_claims')
    .set({ done_at: sql<Date>`now()` })
    .where('bundle', 'in', [...bundles])
    .where('seat_id', '=', seatId)
    .where('done_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning('bundle')
    .execute()
  return rows.map((r) => r.bundle)
}
