import { spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import pg from 'pg'

/**
 * A throwaway PostgreSQL cluster for the tests of issue #17: initdb into a temp folder, pg_ctl
 * start on 127.0.0.1 (a free port, password auth) with its socket in the same folder, dropped
 * at the end. As root (CI containers), the server runs as an unprivileged user (postgres, or
 * nobody), since PostgreSQL refuses to run as root.
 *
 * Without PostgreSQL the tests skip loudly on a developer's machine and FAIL in CI (CI set):
 * .ci/run installs Debian's `postgresql`.
 */
export const inCi = Boolean(process.env.CI)

/** The folder holding initdb and pg_ctl: PG_BIN, Debian's /usr/lib/postgresql/<newest>/bin, or PATH. */
export function findPgBin(): string | null {
  const has = (dir: string) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))
  if (process.env.PG_BIN && has(process.env.PG_BIN)) return process.env.PG_BIN
  const debian = '/usr/lib/postgresql'
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a))
    for (const v of versions) if (has(join(debian, v, 'bin'))) return join(debian, v, 'bin')
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir && has(dir)) return dir
  return null
}

/** Call at the top of a PostgreSQL test file: true when the tests can run. */
export function postgresAvailable(): boolean {
  const bin = findPgBin()
  if (!bin && !inCi)
    console.warn(
      '\n*** SKIPPED: the PostgreSQL tests need initdb and pg_ctl (Debian/Ubuntu: apt-get install postgresql; .ci/run installs it; or set PG_BIN). ***\n',
    )
  return bin !== null
}

export interface PgCluster {
  /** A connection string (password included) to `database` as the cluster's superuser. */
  url: (database: string) => string
  password: string
  /** Creates an empty database and returns its name. */
  /** `icuLocale`: the database sorts text by that ICU locale (e.g. 'und', 'de-DE') instead of bytes. */
  createDatabase: (prefix?: string, options?: { icuLocale?: string }) => Promise<string>
  stop: () => void
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

function check(what: string, r: SpawnSyncReturns<string>): void {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}): ${r.stderr || r.stdout}`)
}

const USER = 'closeout_test'

export async function startPostgres(): Promise<PgCluster> {
  const bin = findPgBin()
  if (!bin) throw new Error('PostgreSQL is not installed (initdb/pg_ctl not found): CI must install it (.ci/run)')
  const root = mkdtempSync(join(tmpdir(), 'closeout-pg-'))
  const data = join(root, 'data')
  const password = randomBytes(12).toString('hex')
  writeFileSync(join(root, 'pw'), password)
  // PostgreSQL refuses to run as root: hand the folder to an unprivileged user and run as it.
  let asUser: string[] = []
  if (process.getuid?.() === 0) {
    const user = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).status === 0 ? 'postgres' : 'nobody'
    const uid = Number(spawnSync('id', ['-u', user], { encoding: 'utf8' }).stdout.trim())
    const gid = Number(spawnSync('id', ['-g', user], { encoding: 'utf8' }).stdout.trim())
    chownSync(root, uid, gid)
    chownSync(join(root, 'pw'), uid, gid)
    chmodSync(root, 0o700)
    asUser = ['runuser', '-u', user, '--']
  }
  const run = (cmd: string, args: string[]) => {
    const [head, ...rest] = [...asUser, join(bin, cmd), ...args]
    return spawnSync(head!, rest, { encoding: 'utf8', timeout: 60_000 })
  }
  check(
    'initdb',
    run('initdb', [
      '-D',
      data,
      '-U',
      USER,
      `--pwfile=${join(root, 'pw')}`,
      '--auth-host=scram-sha-256',
      '--auth-local=trust',
      '-E',
      'UTF8',
      '--no-locale',
      '--no-sync',
    ]),
  )
  const port = await freePort()
  const options = [
    `-p ${port}`,
    `-k ${root}`,
    '-c listen_addresses=127.0.0.1',
    // A throwaway cluster: durability buys nothing here and costs CI time.
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=60',
  ].join(' ')
  const started = run('pg_ctl', ['-D', data, '-o', options, '-l', join(root, 'server.log'), '-w', '-t', '60', 'start'])
  if (started.status !== 0) {
    const log = existsSync(join(root, 'server.log')) ? readFileSync(join(root, 'server.log'), 'utf8') : ''
    rmSync(root, { recursive: true, force: true })
    throw new Error(`pg_ctl start failed: ${started.stderr}${log}`)
  }
  let stopped = false
  const stop = () => {
    if (stopped) return
    stopped = true
    run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
    rmSync(root, { recursive: true, force: true })
  }
  process.once('exit', stop)
  const url = (database: string) => `postgres://${USER}:${password}@127.0.0.1:${port}/${database}`
  let n = 0
  return {
    url,
    password,
    stop,
    createDatabase: async (prefix = 'office', options = {}) => {
      const name = `${prefix}_${process.pid}_${++n}`
      const client = new pg.Client({ connectionString: url('postgres') })
      await client.connect()
      try {
        const icu = options.icuLocale
          ? ` TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE '${options.icuLocale.replace(/[^\w-]/g, '')}' LOCALE 'C'`
          : ''
        await client.query(`CREATE DATABASE "${name}"${icu}`)
      } finally {
        await client.end()
      }
      return name
    },
  }
}
