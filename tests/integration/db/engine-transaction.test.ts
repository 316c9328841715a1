import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import { first } from '../../../src-main/core/db/connection'
import { ONE_AT_A_TIME, postgresEngineDb, withTransaction, type EngineDb } from '../../../src-main/core/db/engine-db'
import { openPostgres } from '../../../src-main/core/db/pg/pool'
import type { Database } from '../../../src-main/core/db/schema'
import { ENGINES, engineRuns, openEngineOffices, type EngineOffices } from '../../support/engines'

/**
 * Issue #17, the one transaction helper: `withTransaction(db, async (trx) => …)` commits what its
 * body wrote or none of it, on the SQLite file and on PostgreSQL; on SQLite it keeps the
 * synchronous path off the connection while it is open, and on PostgreSQL it runs a body that
 * lost a serialization race again.
 */
let engines: EngineOffices

beforeAll(async () => {
  engines = await openEngineOffices()
}, 120_000)
afterAll(async () => {
  await engines?.close()
})

const nextNumber = async (db: Kysely<Database>) =>
  Number(
    (await db.selectFrom('company').select('next_invoice_number').where('id', '=', 1).executeTakeFirstOrThrow())
      .next_invoice_number,
  )
const setNext = (db: Kysely<Database>, n: number) =>
  db.updateTable('company').set({ next_invoice_number: n }).where('id', '=', 1).execute()

describe.each(ENGINES)('withTransaction on %s', (engine) => {
  const edb = (): EngineDb => engines.on(engine)

  it.skipIf(!engineRuns(engine))('commits what the body wrote and returns its value', async () => {
    const before = await nextNumber(edb().db)
    const got = await withTransaction(edb(), async (trx) => {
      await setNext(trx, before + 5)
      return nextNumber(trx)
    })
    expect(got).toBe(before + 5)
    expect(await nextNumber(edb().db)).toBe(before + 5)
  })

  it.skipIf(!engineRuns(engine))('rolls back everything when the body throws', async () => {
    const before = await nextNumber(edb().db)
    await expect(
      withTransaction(edb(), async (trx) => {
        await setNext(trx, before + 100)
        await trx.updateTable('customers').set({ name: 'Should not stay' }).where('id', '=', 'C-100').execute()
        throw new Error('the export failed half-way')
      }),
    ).rejects.toThrow('the export failed half-way')
    expect(await nextNumber(edb().db)).toBe(before)
    const customer = await edb().db.selectFrom('customers').select('name').where('id', '=', 'C-100').executeTakeFirst()
    expect(customer?.name).not.toBe('Should not stay')
  })

  it.skipIf(!engineRuns(engine))('runs eight racing read-then-write transactions without losing one', async () => {
    const before = await nextNumber(edb().db)
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withTransaction(edb(), async (trx) => {
          const n = await nextNumber(trx)
          await setNext(trx, n + 1)
        }),
      ),
    )
    expect(await nextNumber(edb().db)).toBe(before + 8)
  })
})

describe('withTransaction on PostgreSQL: a serialization failure runs the body again', () => {
  /** Two transactions that both read before either writes: the second to write must fail on its first try. */
  const race = (edb: EngineDb, attempts: number, retries: unknown[]) => {
    let arrived = 0
    let release!: () => void
    const bothRead = new Promise<void>((resolve) => (release = resolve))
    return Promise.allSettled(
      [0, 1].map(() =>
        withTransaction(
          edb,
          async (trx) => {
            const n = await nextNumber(trx)
            if (++arrived === 2) release()
            if (arrived <= 2) await bothRead
            await setNext(trx, n + 1)
          },
          { attempts, onRetry: (_attempt, error) => retries.push(error) },
        ),
      ),
    )
  }

  it.skipIf(!engineRuns('postgres'))('retries the loser, and both increments land', async () => {
    const edb = engines.on('postgres')
    const before = await nextNumber(edb.db)
    const retries: unknown[] = []
    const settled = await race(edb, 10, retries)
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled'])
    expect(retries.length).toBeGreaterThanOrEqual(1)
    expect(retries[0]).toMatchObject({ code: '40001' })
    expect(await nextNumber(edb.db)).toBe(before + 2)
  })

  it.skipIf(!engineRuns('postgres'))('without retries the loser fails with 40001 and writes nothing', async () => {
    const edb = engines.on('postgres')
    const before = await nextNumber(edb.db)
    const settled = await race(edb, 1, [])
    expect(settled.filter((s) => s.status === 'rejected')).toHaveLength(1)
    expect(settled.find((s) => s.status === 'rejected')).toMatchObject({ reason: { code: '40001' } })
    expect(await nextNumber(edb.db)).toBe(before + 1)
  })
})

describe('withTransaction on PostgreSQL, one at a time (oneAtATime)', () => {
  const KIND = { oneAtATime: ONE_AT_A_TIME.inboxGroups }

  it.skipIf(!engineRuns('postgres'))(
    'two seats writing the same kind take turns: neither body runs twice, both writes land',
    async () => {
      const edb = engines.on('postgres')
      const before = await nextNumber(edb.db)
      const steps: string[] = []
      const retries: unknown[] = []
      const writer = (name: string) =>
        withTransaction(
          edb,
          async (trx) => {
            steps.push(`${name} reads`)
            const n = await nextNumber(trx)
            // Long enough for the other seat to arrive while this one is open.
            await new Promise((resolve) => setTimeout(resolve, 150))
            await setNext(trx, n + 1)
            steps.push(`${name} writes`)
          },
          { ...KIND, onRetry: (_attempt, error) => retries.push(error) },
        )
      // Two pools: two seats.
      const second = postgresEngineDb(openPostgres(engines.postgresUrl!, { max: 1 }))
      try {
        const first = writer('A')
        await new Promise((resolve) => setTimeout(resolve, 30))
        await Promise.all([
          first,
          withTransaction(
            second,
            async (trx) => {
              steps.push('B reads')
              await setNext(trx, (await nextNumber(trx)) + 1)
              steps.push('B writes')
            },
            { ...KIND, onRetry: (_attempt, error) => retries.push(error) },
          ),
        ])
      } finally {
        await second.db.destroy()
      }
      expect(steps).toEqual(['A reads', 'A writes', 'B reads', 'B writes'])
      expect(retries).toEqual([])
      expect(await nextNumber(edb.db)).toBe(before + 2)
    },
  )

  it.skipIf(!engineRuns('postgres'))('lets the next writer in after a body that failed', async () => {
    const edb = engines.on('postgres')
    const before = await nextNumber(edb.db)
    await expect(
      withTransaction(
        edb,
        async (trx) => {
          await setNext(trx, before + 50)
          throw new Error('the group failed')
        },
        KIND,
      ),
    ).rejects.toThrow('the group failed')
    await withTransaction(edb, async (trx) => setNext(trx, (await nextNumber(trx)) + 1), KIND)
    expect(await nextNumber(edb.db)).toBe(before + 1)
  })
})

describe('withTransaction on SQLite: the synchronous path stays off the connection', () => {
  it('refuses a synchronous query inside an open async transaction and rolls back', async () => {
    const office = engines.demo.office
    const before = await nextNumber(office.db)
    await expect(
      withTransaction(office, async (trx) => {
        await setNext(trx, before + 1)
        // A handler on the old path reaching the same connection mid-transaction.
        first(office.sqlite, office.db.selectFrom('company').select('name'))
      }),
    ).rejects.toMatchObject({ code: 'sync-in-async-transaction' })
    expect(await nextNumber(office.db)).toBe(before)
    // Once the transaction is over, the synchronous path works again.
    expect(first(office.sqlite, office.db.selectFrom('company').select('next_invoice_number'))).toEqual({
      next_invoice_number: before,
    })
  })

  it.each([
    ['a timer', () => new Promise((resolve) => setTimeout(resolve, 1))],
    ['a file read', () => readFile(__filename)],
  ])('refuses a body that waits on %s (the event loop turned) and rolls back', async (_what, wait) => {
    const office = engines.demo.office
    const before = await nextNumber(office.db)
    await expect(
      withTransaction(office, async (trx) => {
        await setNext(trx, before + 1)
        await wait()
      }),
    ).rejects.toMatchObject({ code: 'transaction-yielded' })
    expect(await nextNumber(office.db)).toBe(before)
    expect(office.sqlite.inTransaction).toBe(false)
  })

  it('commits a body of a thousand queries in one turn of the event loop', async () => {
    const office = engines.demo.office
    const before = await nextNumber(office.db)
    await withTransaction(office, async (trx) => {
      for (let i = 1; i <= 1000; i++) await setNext(trx, before + i)
    })
    expect(await nextNumber(office.db)).toBe(before + 1000)
  })
})
