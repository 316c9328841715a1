import { randomUUID } from 'node:crypto'
import { CloseoutSchema, type Closeout } from '../../src-shared/schemas/closeout'
import { parseDatabaseOption } from '../../src-main/core/db/pg/engine'
import { copyOfficeToPostgres } from '../../src-main/core/db/pg/copy-office'
import { openPostgres } from '../../src-main/core/db/pg/pool'
import { verifyEventLogIn, type LogVerdict } from '../../src-main/core/lifecycle/event-log'
import { postgresEngineDb, type EngineDb, type EngineName } from '../../src-main/core/db/engine-db'
import { openDemoOffice, type DemoOffice } from '../integration/office/office-fixture'
import { inCi, postgresAvailable, startPostgres, type PgCluster } from './postgres'

/**
 * Both engines with the same office on them, for the suites of the async repositories (issue
 * #17): the demo office in a SQLite file (plus whatever `seed` adds there), and the very same
 * rows copied by `closeout db migrate`'s own code into an empty database of a throwaway
 * PostgreSQL cluster. A suite runs its tests once per engine (`describe.each(ENGINES)`); the
 * PostgreSQL run skips, saying why, only when the binaries are absent (never in CI).
 */
export const ENGINES: readonly EngineName[] = ['sqlite', 'postgres']

export const pgAvailable = postgresAvailable()
/** Whether the PostgreSQL run happens (in CI a missing PostgreSQL fails instead of skipping). */
export const pgRuns = pgAvailable || inCi

export interface EngineOffices {
  demo: DemoOffice
  /** The office on `engine` (throws for PostgreSQL where it is skipped: guard the test with engineRuns). */
  on(engine: EngineName): EngineDb
  /** The PostgreSQL database's connection string (undefined where PostgreSQL is skipped), for more seats. */
  postgresUrl: string | undefined
  close(): Promise<void>
}

export interface EngineOfficesOptions {
  /** The PostgreSQL database sorts text by this ICU locale (as a server set up in a language would). */
  pgIcuLocale?: string
}

export async function openEngineOffices(
  seed?: (demo: DemoOffice) => void | Promise<void>,
  options: EngineOfficesOptions = {},
): Promise<EngineOffices> {
  const demo = await openDemoOffice()
  await seed?.(demo)
  let cluster: PgCluster | undefined
  let pg: EngineDb | undefined
  let postgresUrl: string | undefined
  if (pgRuns) {
    cluster = await startPostgres()
    const url = cluster.url(
      await cluster.createDatabase('engines', options.pgIcuLocale ? { icuLocale: options.pgIcuLocale } : {}),
    )
    // Fold the WAL in, so the copy (its own connection) reads every row the seed wrote.
    demo.office.sqlite.pragma('wal_checkpoint(TRUNCATE)')
    const target = parseDatabaseOption(url)
    if (target.engine !== 'postgres') throw new Error(`not a PostgreSQL string: ${url}`)
    const report = await copyOfficeToPostgres(demo.office.dataDir, target)
    if (!report.ok) throw new Error(`copying the office to PostgreSQL failed: ${JSON.stringify(report)}`)
    pg = postgresEngineDb(openPostgres(url, { max: 4 }))
    postgresUrl = url
  }
  return {
    demo,
    postgresUrl,
    on(engine) {
      if (engine === 'sqlite') return demo.office
      if (!pg) throw new Error('PostgreSQL is not available here (see pgRuns)')
      return pg
    },
    async close() {
      await pg?.db.destroy()
      cluster?.stop()
      await demo.close()
    },
  }
}

/** Whether a suite for `engine` runs here. */
export const engineRuns = (engine: EngineName): boolean => engine === 'sqlite' || pgRuns

/** The event log's check on either engine: the same verdict for the same chain. */
export async function verifyLogOn(edb: EngineDb): Promise<LogVerdict> {
  return verifyEventLogIn(edb.db)
}

/**
 * A technician's closeout for `jobId` as the phone sends it (1.5 h journeyman, before and after
 * photos, signed), with `extra` over it: what the suites on both engines receive or evaluate.
 */
export function engineCloseout(jobId: string, technicianId: string, extra: Record<string, unknown> = {}): Closeout {
  return CloseoutSchema.parse({
    schema: 'closeout/v1',
    submissionId: randomUUID(),
    job: { id: jobId },
    technician: { id: technicianId },
    completedAt: '2026-11-25T14:03:00-06:00',
    workPerformed: { tasks: ['Work done'], notes: '' },
    labor: [{ role: 'journeyman', hours: '1.5', billable: true, overtime: false }],
    parts: [],
    adjustments: [],
    attachments: [
      { file: 'photos/before-1.jpg', category: 'before' },
      { file: 'photos/after-1.jpg', category: 'after' },
    ],
    signature: { file: 'signature.png', signerName: 'Pat Doe' },
    ...extra,
  })
}
