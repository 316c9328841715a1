import { parseDatabaseOption } from '../../src-main/core/db/pg/engine'
import { copyOfficeToPostgres } from '../../src-main/core/db/pg/copy-office'
import { openPostgres } from '../../src-main/core/db/pg/pool'
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
