import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addFirstAdmin, createFirstAdmin } from '../../../src-main/core/auth/first-admin'
import { hashPin } from '../../../src-main/core/auth/pin'
import { resolveSession, signIn } from '../../../src-main/core/auth/office-sessions'
import { countUsers, loadSessionUser } from '../../../src-main/core/auth/session-user'
import { signInScreen } from '../../../src-main/core/auth/sign-in-screen'
import { postgresEngineDb, type EngineDb, type EngineName } from '../../../src-main/core/db/engine-db'
import { migratePostgres } from '../../../src-main/core/db/pg/migrations'
import { openPostgres, type PgDatabase } from '../../../src-main/core/db/pg/pool'
import { ENGINES, engineRuns, pgRuns } from '../../support/engines'
import { startPostgres, type PgCluster } from '../../support/postgres'
import { openSeats, outcomeOf } from '../../support/seats'
import { tempOffice } from '../../support/temp-office'

/**
 * Issue #17: first run on either engine, and the office sign-in's races on PostgreSQL. An office
 * with no users lets one person create the first admin, once, on the SQLite file and on an empty
 * PostgreSQL database alike. Two seats creating the first admin at the same moment make one
 * admin; four seats guessing one user's PIN through the sign-in get five guesses in all.
 */
let sqliteOffice: Awaited<ReturnType<typeof tempOffice>>
let cluster: PgCluster | undefined
const pools: Kysely<PgDatabase>[] = []

/** An empty, migrated PostgreSQL office database: its connection string. */
async function emptyPostgres(): Promise<string> {
  const url = cluster!.url(await cluster!.createDatabase('first'))
  const db = openPostgres(url, { max: 1 })
  await migratePostgres(db)
  await db.destroy()
  return url
}

const empty = new Map<EngineName, EngineDb>()
beforeAll(async () => {
  sqliteOffice = await tempOffice()
  empty.set('sqlite', sqliteOffice.office)
  if (pgRuns) {
    cluster = await startPostgres()
    const pool = openPostgres(await emptyPostgres(), { max: 2 })
    pools.push(pool)
    empty.set('postgres', postgresEngineDb(pool))
  }
}, 180_000)
afterAll(async () => {
  for (const pool of pools) await pool.destroy()
  cluster?.stop()
  await sqliteOffice?.dispose()
})

const ADMIN = { id: 'U-1', name: 'Pat Owner', pin: '4444' }

describe.each(ENGINES)('first run on %s (issue #17)', (engine) => {
  it.runIf(engineRuns(engine))('creates the first admin once, who then signs in', async () => {
    const edb = empty.get(engine)!
    expect(await signInScreen(edb)).toEqual({ users: [], firstRun: true, demoUsers: [] })
    await createFirstAdmin(edb, ADMIN)
    expect(await loadSessionUser(edb.db, 'U-1')).toEqual({
      id: 'U-1',
      name: 'Pat Owner',
      roles: ['admin', 'billing', 'supervisor'],
      admin: true,
      approver: true,
      technicianId: null,
    })
    expect(await outcomeOf(createFirstAdmin(edb, { id: 'U-9', name: 'Mallory', pin: '1111' }))).toEqual({
      code: 'not-first-run',
      message: 'This office already has users: an admin adds new ones in Settings',
      details: [],
    })
    expect(await signInScreen(edb)).toMatchObject({ users: [{ id: 'U-1', name: 'Pat Owner' }], firstRun: false })
    const { sessionId } = await signIn(edb, 'U-1', '4444')
    expect(await resolveSession(edb, sessionId)).toMatchObject({ id: 'U-1', admin: true })
  })
})

describe('seats of one PostgreSQL office at the same moment (issue #17)', () => {
  it.runIf(pgRuns)('seats creating the first admin at once make one admin, with or without the same id', async () => {
    const { seats, close } = await openSeats(await emptyPostgres(), 4)
    const pinHash = await hashPin('4444')
    try {
      // Hashing the PIN first spreads the seats out; the hashed step starts them together.
      for (const [round, ids] of [
        ['U-1', 'U-2', 'U-3', 'U-4'],
        ['U-1', 'U-1', 'U-1', 'U-1'],
        ...Array.from({ length: 6 }, (_, r) => [`A-${r}`, `B-${r}`, `C-${r}`, `D-${r}`]),
      ].entries()) {
        const outcomes = await Promise.all(
          seats.map((seat, i) => {
            const input = { id: ids[i]!, name: `Seat ${i}` }
            return outcomeOf(
              round === 0
                ? createFirstAdmin(seat, { ...input, pin: '4444' })
                : addFirstAdmin(seat, { ...input, pinHash }),
            )
          }),
        )
        expect(outcomes.filter((o) => o === 'written')).toHaveLength(1)
        const refused = {
          code: 'not-first-run',
          message: 'This office already has users: an admin adds new ones in Settings',
          details: [],
        }
        expect(outcomes.filter((o) => o !== 'written')).toEqual([refused, refused, refused])
        expect(await countUsers(seats[0]!.db)).toBe(1)
        await seats[0]!.db.deleteFrom('users').execute()
      }
    } finally {
      await close()
    }
  })

  it.runIf(pgRuns)("four seats guessing a user's PIN through the sign-in get five guesses in all", async () => {
    const url = await emptyPostgres()
    const { seats, close } = await openSeats(url, 4)
    try {
      await createFirstAdmin(seats[0]!, ADMIN)
      const outcomes = await Promise.all(
        seats.flatMap((seat) => Array.from({ length: 5 }, () => outcomeOf(signIn(seat, 'U-1', '0000')))),
      )
      const messages = outcomes.map((o) => (o === 'written' ? 'signed in' : o.message))
      expect(messages.filter((m) => m.startsWith('Wrong PIN for Pat Owner'))).toHaveLength(5)
      expect(messages.filter((m) => m.includes('after 5 wrong PINs'))).toHaveLength(1)
      expect(messages.filter((m) => m.startsWith('Too many wrong PINs for Pat Owner'))).toHaveLength(15)
      // Locked on every seat, the right PIN included.
      for (const seat of seats)
        expect(await outcomeOf(signIn(seat, 'U-1', '4444'))).toMatchObject({ code: 'pin-locked' })
    } finally {
      await close()
    }
  })
})
