import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  claimBundle,
  claimNext,
  markDone,
  registerBundles,
  releaseClaim,
  renewClaims,
} from '../../../src-main/core/db/pg/claims.repo'
import { drawInvoiceNumbers, raiseNextInvoiceNumber } from '../../../src-main/core/db/pg/invoice-numbers.repo'
import { migratePostgres } from '../../../src-main/core/db/pg/migrations'
import { openPostgres, type PgDatabase } from '../../../src-main/core/db/pg/pool'
import { inCi, postgresAvailable, startPostgres, type PgCluster } from '../../support/postgres'

/**
 * Issue #17, "several seats, exactly once": seats (each its own connection pool, all at once)
 * claim 300 bundles through FOR UPDATE SKIP LOCKED and each is claimed exactly once; a lease
 * left to expire is taken over and the seat that lost it can no longer finish the bundle; two
 * seats drawing invoice numbers at the same moment never share one.
 */
const available = postgresAvailable()
const runs = available || inCi

let cluster: PgCluster | undefined
let url = ''
const opened: Kysely<PgDatabase>[] = []
const seat = (max = 2) => {
  const db = openPostgres(url, { max })
  opened.push(db)
  return db
}

beforeAll(async () => {
  if (!runs) return
  cluster = await startPostgres()
  url = cluster.url(await cluster.createDatabase('seats'))
  await migratePostgres(seat())
})
afterAll(async () => {
  for (const db of opened) await db.destroy()
  cluster?.stop()
})

describe('seat claims and invoice numbers on PostgreSQL (issue #17)', () => {
  it('fails in CI when PostgreSQL is missing', () => {
    if (inCi) expect(available, 'CI must install postgresql (.ci/run)').toBe(true)
  })

  it.skipIf(!runs)('six seats claiming at once take each of 300 bundles exactly once', async () => {
    const bundles = Array.from({ length: 300 }, (_, i) => `2026-12-05T10-00-00Z_${String(i).padStart(4, '0')}`)
    await registerBundles(seat(), bundles)
    const got: { seat: string; bundle: string }[] = []
    await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const db = seat()
        const id = `seat-${i}`
        for (;;) {
          const claimed = await claimNext(db, id, { limit: 1 + (i % 3), leaseMs: 60_000 })
          if (claimed.length === 0) return
          for (const bundle of claimed) {
            got.push({ seat: id, bundle })
            expect(await markDone(db, id, bundle)).toBe(true)
          }
        }
      }),
    )
    const counts = new Map<string, number>()
    for (const g of got) counts.set(g.bundle, (counts.get(g.bundle) ?? 0) + 1)
    expect(got).toHaveLength(300)
    expect([...counts.keys()].sort()).toEqual(bundles)
    expect([...counts.values()].every((n) => n === 1)).toBe(true)
    // The work was shared: more than one seat ingested.
    expect(new Set(got.map((g) => g.seat)).size).toBeGreaterThan(1)
    // Done bundles are never handed out again.
    expect(await claimNext(seat(), 'late-seat', { limit: 10, leaseMs: 60_000 })).toEqual([])
  })

  it.skipIf(!runs)(
    'a lease left to expire is taken over; the seat that lost it can neither renew nor finish',
    async () => {
      const a = seat()
      const b = seat()
      expect(await claimBundle(a, 'seat-a', 'bundle-x', { leaseMs: 400 })).toBe(true)
      expect(await claimBundle(b, 'seat-b', 'bundle-x', { leaseMs: 60_000 })).toBe(false)
      expect(await renewClaims(a, 'seat-a', ['bundle-x'], { leaseMs: 400 })).toEqual(['bundle-x'])
      await new Promise((r) => setTimeout(r, 700)) // seat A "dies": no renewal
      expect(await claimBundle(b, 'seat-b', 'bundle-x', { leaseMs: 60_000 })).toBe(true)
      expect(await renewClaims(a, 'seat-a', ['bundle-x'], { leaseMs: 60_000 })).toEqual([])
      expect(await markDone(a, 'seat-a', 'bundle-x')).toBe(false)
      expect(await markDone(b, 'seat-b', 'bundle-x')).toBe(true)
      const row = await b
        .selectFrom('seat_claims')
        .selectAll()
        .where('bundle', '=', 'bundle-x')
        .executeTakeFirstOrThrow()
      expect(row).toMatchObject({ seat_id: 'seat-b', claims: 2 })
      expect(row.done_at).toBeInstanceOf(Date)
      // Given back unfinished, a bundle is free for the next seat at once.
      expect(await claimBundle(a, 'seat-a', 'bundle-y', { leaseMs: 60_000 })).toBe(true)
      expect(await releaseClaim(a, 'seat-a', 'bundle-y')).toBe(true)
      expect(await claimBundle(b, 'seat-b', 'bundle-y', { leaseMs: 60_000 })).toBe(true)
    },
  )

  it.skipIf(!runs)('two seats drawing invoice numbers at the same moment never share one', async () => {
    await raiseNextInvoiceNumber(seat(), 5001)
    const a = seat(4)
    const b = seat(4)
    const draw = async (db: Kysely<PgDatabase>) => {
      const mine: number[] = []
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let i = 0; i < 50; i++) mine.push(...(await drawInvoiceNumbers(db, 1 + (i % 3))))
        }),
      )
      return mine
    }
    const [fromA, fromB] = await Promise.all([draw(a), draw(b)])
    const all = [...fromA, ...fromB]
    expect(fromA.length).toBeGreaterThan(100)
    expect(new Set(all).size).toBe(all.length)
    expect(Math.min(...all)).toBe(5001)
    expect(fromA.filter((n) => fromB.includes(n))).toEqual([])
    // Settings can raise the next number, never lower it.
    await raiseNextInvoiceNumber(a, 10)
    expect(await drawInvoiceNumbers(a, 1)).toEqual([Math.max(...all) + 1])
  })
})
