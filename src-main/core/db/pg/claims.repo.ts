import { sql, type Kysely } from 'kysely'
import type { PgDatabase } from './pool'

/**
 * Seat claims on PostgreSQL (issue #17): several seats watch one inbox, and a bundle is ingested
 * by exactly one of them. A seat claims a bundle (a lease: its seat id and an expiry) before
 * touching its files, renews the lease while it works, and marks the bundle done only while it
 * still holds the lease (in the same transaction as the ingest, once the office runs here). A
 * lease left to expire (its seat died) is taken over by the next seat that asks. Expiry is on
 * the database's clock, never a seat's. Claiming uses FOR UPDATE SKIP LOCKED: seats asking at
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

/** Claims up to `limit` waiting bundles (free, or their lease expired), oldest first; returns them. */
export async function claimNext(
  db: Kysely<PgDatabase>,
  seatId: string,
  options: { limit?: number; leaseMs: number },
): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const free = await trx
      .selectFrom('seat_claims')
      .select('bundle')
      .where('done_at', 'is', null)
      .where((eb) => eb.or([eb('seat_id', 'is', null), eb('expires_at', '<', sql<Date>`now()`)]))
      .orderBy('first_seen_at')
      .orderBy('bundle')
      .limit(options.limit ?? 1)
      .forUpdate()
      .skipLocked()
      .execute()
    if (free.length === 0) return []
    const claimed = await trx
      .updateTable('seat_claims')
      .set((eb) => ({
        seat_id: seatId,
        expires_at: leaseEnd(options.leaseMs),
        claimed_at: sql<Date>`now()`,
        claims: eb('claims', '+', 1),
      }))
      .where(
        'bundle',
        'in',
        free.map((f) => f.bundle),
      )
      .returning('bundle')
      .execute()
    return claimed.map((c) => c.bundle)
  })
}

/** Claims one named bundle (registering it) if nobody holds a live lease on it. */
export async function claimBundle(
  db: Kysely<PgDatabase>,
  seatId: string,
  bundle: string,
  options: { leaseMs: number },
): Promise<boolean> {
  await registerBundles(db, [bundle])
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('seat_claims')
      .select('bundle')
      .where('bundle', '=', bundle)
      .where('done_at', 'is', null)
      .where((eb) => eb.or([eb('seat_id', 'is', null), eb('expires_at', '<', sql<Date>`now()`)]))
      .forUpdate()
      .skipLocked()
      .executeTakeFirst()
    if (!row) return false
    await trx
      .updateTable('seat_claims')
      .set((eb) => ({
        seat_id: seatId,
        expires_at: leaseEnd(options.leaseMs),
        claimed_at: sql<Date>`now()`,
        claims: eb('claims', '+', 1),
      }))
      .where('bundle', '=', bundle)
      .execute()
    return true
  })
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
  return renewLeases(db, seatId, folders, options.leaseMs, false)
}

/** The live leases of `seatId` among `bundles`, extended (`unfinished`: only bundles not done). */
async function renewLeases(
  db: Kysely<PgDatabase>,
  seatId: string,
  bundles: readonly string[],
  leaseMs: number,
  unfinished: boolean,
): Promise<string[]> {
  if (bundles.length === 0) return []
  const rows = await db
    .updateTable('seat_claims')
    .set({ expires_at: leaseEnd(leaseMs) })
    .where('bundle', 'in', [...bundles])
    .where('seat_id', '=', seatId)
    .$if(unfinished, (q) => q.where('done_at', 'is', null))
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

/** Extends the seat's live leases; returns the bundles it still holds (a lost one: stop work on it). */
export async function renewClaims(
  db: Kysely<PgDatabase>,
  seatId: string,
  bundles: readonly string[],
  options: { leaseMs: number },
): Promise<string[]> {
  return renewLeases(db, seatId, bundles, options.leaseMs, true)
}

/** Gives a bundle back unfinished (another seat may take it at once). */
export async function releaseClaim(db: Kysely<PgDatabase>, seatId: string, bundle: string): Promise<boolean> {
  const r = await db
    .updateTable('seat_claims')
    .set({ seat_id: null, expires_at: null })
    .where('bundle', '=', bundle)
    .where('seat_id', '=', seatId)
    .where('done_at', 'is', null)
    .executeTakeFirst()
  return r.numUpdatedRows > 0n
}

/**
 * Marks a bundle ingested and archived, only if this seat still holds a live lease on it; false
 * means the lease was lost (taken over): the caller must roll back and leave the files alone.
 * Pass the ingest's transaction so the mark commits with the ingest.
 */
export async function markDone(db: Kysely<PgDatabase>, seatId: string, bundle: string): Promise<boolean> {
  return (await markAllDone(db, seatId, [bundle])).length === 1
}

/** markDone for a group of bundles in one statement: returns those marked (the others' leases were lost). */
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
