import { z } from 'zod'
import { formatPath, summarizeDetails, type PathMessage } from '../../../../src-shared/schemas/issues'
import { CloseoutError } from '../../errors'

/**
 * Which database engine an office runs on (issue #17): the SQLite file in the data folder (the
 * default, nothing to install) or a PostgreSQL server named by a connection string, from
 * `--database` or CLOSEOUT_DATABASE. The string carries the password, so it is only ever shown
 * as `display` (password replaced by ***), never logged or written to the data folder.
 */
export type DatabaseEngine =
  | { engine: 'sqlite' }
  | {
      engine: 'postgres'
      /** The full connection string, password included: hand it to the driver and nothing else. */
      url: string
      /** The same string with the password masked, for messages and reports. */
      display: string
    }

const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'] as const

/** The masked form of a connection string (or of anything that is not one: then mostly masked). */
export function maskConnectionString(text: string): string {
  try {
    const url = new URL(text)
    if (url.password) url.password = '***'
    return url.toString()
  } catch {
    // Not a URL: mask everything between "://" and "@", where a password would sit.
    return text.replace(/(:\/\/)[^@/]*@/, '$1***@')
  }
}

const postgresUrl = z.string().transform((text, ctx) => {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: 'is not a connection string (postgres://user:password@host:5432/database)',
    })
    return z.NEVER
  }
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
    issue('scheme', `must be postgres:// or postgresql:// (got ${url.protocol}//)`)
  const socketHost = url.searchParams.get('host')
  if (!url.hostname && !socketHost) issue('host', 'is missing (postgres://user@HOST:5432/database)')
  if (url.port && !(Number(url.port) >= 1 && Number(url.port) <= 65535)) issue('port', 'must be 1 to 65535')
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''))
  if (!database) issue('database', 'is missing (postgres://user@host:5432/DATABASE)')
  else if (database.includes('/')) issue('database', `"${database}" is not a database name`)
  if (!url.username) issue('user', 'is missing (postgres://USER@host:5432/database)')
  const sslmode = url.searchParams.get('sslmode')
  if (sslmode !== null && !(SSL_MODES as readonly string[]).includes(sslmode))
    issue('sslmode', `must be one of ${SSL_MODES.join(', ')} (got "${sslmode}")`)
  return text
})

/**
 * Reads the engine from `--database` / CLOSEOUT_DATABASE. Empty or "sqlite" means the SQLite
 * file in the data folder. `source` names where the value came from, for the error message.
 */
export function parseDatabaseOption(value: string | undefined, source = '--database'): DatabaseEngine {
  const text = value?.trim() ?? ''
  if (text === '' || text.toLowerCase() === 'sqlite') return { engine: 'sqlite' }
  const parsed = postgresUrl.safeParse(text)
  if (!parsed.success) {
    const details: PathMessage[] = parsed.error.issues.map((i) => ({
      path: formatPath([source, ...i.path]),
      message: i.message,
    }))
    throw new CloseoutError(
      'invalid-database',
      `${summarizeDetails(details)} in ${maskConnectionString(text)}`,
      details,
    )
  }
  return { engine: 'postgres', url: parsed.data, display: maskConnectionString(parsed.data) }
}
