import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { claimFolders } from '../../../src-main/core/db/pg/claims.repo'
import { copyOfficeToPostgres } from '../../../src-main/core/db/pg/copy-office'
import { parseDatabaseOption, type DatabaseEngine } from '../../../src-main/core/db/pg/engine'
import type { PgDatabase } from '../../../src-main/core/db/pg/pool'
import { verifyPostgresEventLog } from '../../../src-main/core/db/pg/verify-log'
import { scanInbox } from '../../../src-main/core/inbox/inbox-scan'
import { openOffice, type Office } from '../../../src-main/core/office'
import { pgRuns } from '../../support/engines'
import { startPostgres, type PgCluster } from '../../support/postgres'
import { buildBundle, deliverBundle, seedOffice } from './bundle-builder'

/**
 * Issue #17: several seats on one PostgreSQL database watch one inbox. Each claims folders
 * (seat_claims: a lease on the database's clock) before touching their files, so a bundle is
 * ingested by exactly one seat and archived by it; a seat that died leaves its claims to run
 * out, and another seat takes the folders over.
 */
let cluster: PgCluster
let root: string
let database: DatabaseEngine & { engine: 'postgres' }
const offices: Office[] = []
const timings = { settleMs: 0, stallMs: 60_000 }

const shared = () => join(root, 'shared')

async function seat(name: string): Promise<Office> {
  const office = await openOffice({
    dataDir: join(root, name),
    sharedDir: shared(),
    attachmentsDir: join(root, 'attachments'),
    database,
  })
  offices.push(office)
  return office
}

const pgOf = (office: Office) => office.db as unknown as Kysely<PgDatabase>

beforeAll(async () => {
  if (!pgRuns) return
  root = mkdtempSync(join(tmpdir(), 'closeout-inbox-seats-'))
  mkdirSync(join(shared(), 'inbox'), { recursive: true })
  cluster = await startPostgres()
  const origin = await openOffice({ dataDir: join(root, 'origin'), sharedDir: join(root, 'origin-shared') })
  try {
    seedOffice(origin)
    origin.sqlite.pragma('wal_checkpoint(TRUNCATE)')
  } finally {
    await origin.close()
  }
  database = parseDatabaseOption(cluster.url(await cluster.createDatabase('inbox'))) as typeof database
  const report = await copyOfficeToPostgres(join(root, 'origin'), database)
  if (!report.ok) throw new Error(`copy failed: ${JSON.stringify(report)}`)
}, 180_000)

afterAll(async () => {
  for (const office of offices) await office.close()
  cluster?.stop()
  if (root) rmSync(root, { recursive: true, force: true })
})

describe.runIf(pgRuns)('seats sharing one inbox on PostgreSQL (issue #17)', () => {
  it('three seats scanning one inbox at the same moment ingest each bundle exactly once', async () => {
    const seats = await Promise.all(['scan-a', 'scan-b', 'scan-c'].map(seat))
    const bundles = Array.from({ length: 90 }, (_, i) =>
      buildBundle({ jobId: ['J-1042', 'J-1043', 'J-1044'][i % 3]!, photos: 1, photoSize: 512 + i }),
    )
    for (const b of bundles) deliverBundle(join(shared(), 'inbox'), b)

    const summaries = await Promise.all(seats.map((s) => scanInbox(s, { timings })))
    // Every seat got work, and together they ingested each bundle once.
    expect(summaries.reduce((n, s) => n + s.ingested, 0)).toBe(90)
    expect(summaries.reduce((n, s) => n + s.rejected + s.duplicates + s.failed, 0)).toBe(0)
    const pg = pgOf(seats[0]!)
    const submissions = await pg.selectFrom('submissions').select('id').execute()
    expect(submissions.map((s) => s.id).sort()).toEqual(bundles.map((b) => b.id).sort())
    expect(readdirSync(join(shared(), 'inbox')).filter((f) => !f.startsWith('.'))).toEqual([])
    const archived = readdirSync(join(shared(), 'archive')).flatMap((month) =>
      readdirSync(join(shared(), 'archive', month)),
    )
    expect(archived.sort()).toEqual(bundles.map((b) => b.id).sort())
    // Each folder was claimed, marked done in its ingest, and given back.
    const claims = await pg.selectFrom('seat_claims').selectAll().execute()
    expect(claims).toHaveLength(90)
    expect(claims.filter((c) => c.seat_id !== null || c.done_at === null)).toEqual([])
    expect((await verifyPostgresEventLog(pg)).ok).toBe(true)
  })

  it("takes over the folders of a seat that died once its claims run out, and leaves another seat's live ones alone", async () => {
    const [alive] = await Promise.all([seat('takeover-b')])
    const bundles = Array.from({ length: 4 }, (_, i) => buildBundle({ jobId: 'J-1043', photos: 1, photoSize: 900 + i }))
    for (const b of bundles) deliverBundle(join(shared(), 'inbox'), b)
    const pg = pgOf(alive!)
    // A seat claimed two of them, then its PC lost power: its leases run out after 1.5 s.
    const dead = await claimFolders(pg, 'seat-that-died', [bundles[0]!.id, bundles[1]!.id], { leaseMs: 1500 })
    expect(dead).toHaveLength(2)
    const first = await scanInbox(alive!, { timings })
    expect(first.ingested).toBe(2)
    expect(readdirSync(join(shared(), 'inbox')).sort()).toEqual([bundles[0]!.id, bundles[1]!.id].sort())
    await new Promise((r) => setTimeout(r, 1600))
    const second = await scanInbox(alive!, { timings })
    expect(second.ingested).toBe(2)
    expect(readdirSync(join(shared(), 'inbox')).filter((f) => !f.startsWith('.'))).toEqual([])
    const taken = await pg
      .selectFrom('seat_claims')
      .select(['bundle', 'claims'])
      .where('bundle', 'in', [bundles[0]!.id, bundles[1]!.id])
      .execute()
    expect(taken.map((t) => Number(t.claims))).toEqual([2, 2])
    const submissions = await pg
      .selectFrom('submissions')
      .select('id')
      .where(
        'id',
        'in',
        bundles.map((b) => b.id),
      )
      .execute()
    expect(submissions).toHaveLength(4)
  })
})
