import type { DatabaseTestOutput, DatabaseSchemaState } from '../../../../src-shared/api/database'
import { CloseoutError } from '../../errors'
import { MIGRATIONS } from '../migrations/index'
import { maskConnectionString, parseDatabaseOption } from './engine'
import { appliedMigrations, isMigrationTable } from './migrations'
import { openPostgres } from './pool'

/** How long "Test connection" waits for a server before saying it did not answer. */
export const TEST_TIMEOUT_MS = 5000

interface DriverError {
  code?: unknown
  message?: unknown
  errors?: { code?: unknown }[]
}

/** The driver's error, as one of the reasons Settings explains (and a seat opening the office on PostgreSQL). */
export function explainConnectionError(
  error: unknown,
  target: string,
  url: URL,
): Extract<DatabaseTestOutput, { ok: false }> {
  const e = (error ?? {}) as DriverError
  const code = typeof e.code === 'string' ? e.code : typeof e.errors?.[0]?.code === 'string' ? e.errors[0].code : ''
  const text = typeof e.message === 'string' ? e.message : String(error)
  const where = `${url.hostname || url.searchParams.get('host') || 'the server'}:${url.port || '5432'}`
  const user = decodeURIComponent(url.username)
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''))
  const fail = (reason: Extract<DatabaseTestOutput, { ok: false }>['reason'], message: string) => ({
    ok: false as const,
    target,
    reason,
    message,
  })
  if (code === 'ECONNREFUSED')
    return fail(
      'refused',
      `Nothing accepted the connection at ${where} (connection refused): check that PostgreSQL runs on that computer, listens on that port (listen_addresses, port) and that no firewall blocks it`,
    )
  if (code === '28P01' || code === '28000' || /password/i.test(text))
    return fail(
      'auth-failed',
      `The server refused user "${user}" (authentication failed): check the user name and password, and that pg_hba.conf lets this computer in`,
    )
  if (code === '3D000')
    return fail('no-database', `The server has no database "${database}": create it (createdb) or correct the name`)
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return fail('host-not-found', `No computer named "${url.hostname}" was found: check the server's name`)
  if (code === 'ETIMEDOUT' || /timeout/i.test(text))
    return fail(
      'timeout',
      `${where} did not answer within ${TEST_TIMEOUT_MS / 1000} seconds: check the server's name and port, and that the network (VPN, firewall) reaches it`,
    )
  // Anything else in the server's own words (they never include the password).
  return fail('other', `Could not connect to ${target}: ${maskConnectionString(text)}`)
}

function describeSchema(schema: DatabaseSchemaState): string {
  switch (schema.state) {
    case 'empty':
      return 'The database is empty: closeout db migrate --to … can move this office there.'
    case 'other':
      return `It holds ${schema.tables} tables that are not Closeout's: closeout db migrate needs an empty database.`
    case 'closeout':
      return schema.relation === 'newer'
        ? `It holds a Closeout office written by a newer version of Closeout (migration ${schema.migration}).`
        : schema.relation === 'behind'
          ? `It holds a Closeout office at migration ${schema.migration}, ${schema.known - schema.applied} behind this version's.`
          : `It holds a Closeout office at migration ${schema.migration} (this version's latest).`
  }
}

/**
 * "Test connection" in Settings > Database: connects with the string, reports the server's
 * version and what the database holds (empty, a Closeout office at which migration, or someone
 * else's tables), or why it could not connect (refused, authentication failed, timeout, no such
 * host or database). Reads only; never creates anything on the server.
 */
export async function testDatabaseConnection(text: string, timeoutMs = TEST_TIMEOUT_MS): Promise<DatabaseTestOutput> {
  let engine
  try {
    engine = parseDatabaseOption(text, 'url')
  } catch (error) {
    if (!(error instanceof CloseoutError)) throw error
    return { ok: false, target: maskConnectionString(text), reason: 'invalid', message: error.message }
  }
  if (engine.engine !== 'postgres')
    return {
      ok: false,
      target: 'SQLite',
      reason: 'invalid',
      message: 'url: the SQLite file needs no test; give a postgres:// connection string',
    }
  const db = openPostgres(engine.url, {
    max: 1,
    applicationName: 'closeout test connection',
    connectionTimeoutMillis: timeoutMs,
  })
  try {
    const { version } = await db
      .selectNoFrom((eb) => eb.fn<string>('current_setting', [eb.val('server_version')]).as('version'))
      .executeTakeFirstOrThrow()
    const tables = await db.introspection.getTables({ withInternalKyselyTables: true })
    const applied = await appliedMigrations(db as never)
    const known = Object.keys(MIGRATIONS)
    let schema: DatabaseSchemaState
    if (applied.length > 0) {
      const newer = applied.find((name) => !known.includes(name))
      schema = {
        state: 'closeout',
        migration: newer ?? applied[applied.length - 1]!,
        applied: applied.length,
        known: known.length,
        relation: newer ? 'newer' : applied.length < known.length ? 'behind' : 'current',
      }
    } else {
      const theirs = tables.filter((t) => !isMigrationTable(t.name))
      schema = theirs.length === 0 ? { state: 'empty' } : { state: 'other', tables: theirs.length }
    }
    return {
      ok: true,
      target: engine.display,
      serverVersion: version,
      schema,
      summary: `Connected to PostgreSQL ${version}. ${describeSchema(schema)}`,
    }
  } catch (error) {
    return explainConnectionError(error, engine.display, new URL(engine.url))
  } finally {
    await db.destroy().catch(() => undefined)
  }
}
