import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { claimFolders, markAllDone, releaseFolders, renewFolders } from '../../../src-main/core/db/pg/claims.repo'
import { drawInvoiceNumbers, raiseNextInvoiceNumber } from '../../../src-main/core/db/pg/invoice-numbers.repo'
import { migratePostgres } from '../../../src-main/core/db/pg/migrations'
import { openPostgres, type PgDatabase } from '../../../src-main/core/db/pg/pool'
import { inCi, postgresAvailable, startPostgres, type PgCluster } from '../../support/postgres'

/**
 * Issue #17, "several seats, exactly once": seats (each its own connection pool, all at once)
 * claim the inbox's 300 folders as the inbox does (claims.repo claimFolders, FOR UPDATE SKIP
 * LOCKED) and each is held by exactly one seat; a lease left to expire is taken over and the
 * seat that lost it can neither renew nor finish it; two seats drawing invoice numbers at the
 * same moment never share one.
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

  it.skipIf(!runs)('six seats claiming at once take each of 300 folders exactly once', async () => {
    const folders = Array.from({ length: 300 }, (_, i) => `e0e0e0e0-0000-4000-8000-${String(i).padStart(12, '0')}`)
    const got: { seat: string; folder: string }[] = []
    const holder = new Map<string, string>()
    const lease = { leaseMs: 60_000 }
    await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const db = seat()
        const id = `seat-${i}`
        // Each seat lists the inbox in its own order and asks for it a chunk at a time, as a scan does.
        const order = i % 2 === 0 ? folders : [...folders].reverse()
        for (let at = 0; at < order.length; at += 10 + i) {
          const mine = await claimFolders(db, id, order.slice(at, at + 10 + i), lease)
          for (const folder of mine) {
            expect(holder.get(folder), `${folder} is held by two seats at once`).toBeUndefined()
            holder.set(folder, id)
            got.push({ seat: id, folder })
          }
          // Ingested: marked done in its transaction, then given back (off the map first: held until then).
          expect((await markAllDone(db, id, mine)).sort()).toEqual([...mine].sort())
          for (const folder of mine) holder.delete(folder)
          await releaseFolders(db, id, mine)
        }
      }),
    )
    // Every folder was taken (a seat skips one only while another holds it).
    expect([...new Set(got.map((g) => g.folder))].sort()).toEqual(folders)
    // The work was shared: more than one seat took folders.
    expect(new Set(got.map((g) => g.seat)).size).toBeGreaterThan(1)
  })

  it.skipIf(!runs)(
    'a lease left to expire is taken over; the seat that lost it can neither renew nor finish',
    async () => {
      const a = seat()
      const b = seat()
      const x = 'f0f0f0f0-0000-4000-8000-000000000001'
      const y = 'f0f0f0f0-0000-4000-8000-000000000002'
      expect(await claimFolders(a, 'seat-a', [x], { leaseMs: 400 })).toEqual([x])
      expect(await claimFolders(b, 'seat-b', [x], { leaseMs: 60_000 })).toEqual([])
      expect(await renewFolders(a, 'seat-a', [x], { leaseMs: 400 })).toEqual([x])
      await new Promise((r) => setTimeout(r, 700)) // seat A "dies": no renewal
      expect(await claimFolders(b, 'seat-b', [x], { leaseMs: 60_000 })).toEqual([x])
      expect(await renewFolders(a, 'seat-a', [x], { leaseMs: 60_000 })).toEqual([])
      expect(await markAllDone(a, 'seat-a', [x])).toEqual([])
      expect(await markAllDone(b, 'seat-b', [x])).toEqual([x])
      const row = await b.selectFrom('seat_claims').selectAll().where('bundle', '=', x).executeTakeFirstOrThrow()
      expect(row).toMatchObject({ seat_id: 'seat-b', claims: 2 })
      expect(row.done_at).toBeInstanceOf(Date)
      // Given back unfinished, a folder is free for the next seat at once.
      expect(await claimFolders(a, 'seat-a', [y], { leaseMs: 60_000 })).toEqual([y])
      await releaseFolders(a, 'seat-a', [y])
      expect(await claimFolders(b, 'seat-b', [y], { leaseMs: 60_000 })).toEqual([y])
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
