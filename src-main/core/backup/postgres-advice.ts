import type { DatabaseEngine } from '../db/pg/engine'
import { CloseoutError } from '../errors'

type Postgres = Extract<DatabaseEngine, { engine: 'postgres' }>

/**
 * The connection string as a command line should carry it: the password left out (pg_dump and
 * pg_restore read it from PGPASSWORD or ~/.pgpass, so it never lands in shell history).
 */
export function withoutPassword(engine: Postgres): string {
  try {
    const url = new URL(engine.url)
    url.password = ''
    return url.toString()
  } catch {
    return engine.display
  }
}

/** The pg_dump command that backs up the office's database (docs/backups.md, "PostgreSQL offices"). */
export function pgDumpCommand(engine: Postgres, now = new Date()): string {
  return `pg_dump --format=custom --file=closeout-${now.toISOString().slice(0, 10)}.dump "${withoutPassword(engine)}"`
}

/**
 * Issue #18: `closeout backup` (and any automatic backup) copies the SQLite file in the data
 * folder. On an office whose database is on PostgreSQL that file is not the office, so a backup
 * of it would look complete and hold nothing current: refuse, in one line, and say what to run
 * instead. Checked before anything opens or connects.
 */
export function backupRefusedOnPostgres(engine: Postgres, attachmentsDir: string, now = new Date()): CloseoutError {
  return new CloseoutError(
    'backup-postgres',
    `closeout backup copies the SQLite file, but this office's database is on PostgreSQL (${engine.display}): back it up with ${pgDumpCommand(engine, now)} (the password from PGPASSWORD or ~/.pgpass) and copy the attachments folder ${attachmentsDir} beside it (docs/backups.md)`,
  )
}

/** `closeout restore` unpacks a SQLite office; it never writes into PostgreSQL. */
export function restoreRefusedOnPostgres(engine: Postgres): CloseoutError {
  return new CloseoutError(
    'restore-postgres',
    `closeout restore unpacks a backup of a SQLite office into a data folder and cannot restore a PostgreSQL database (${engine.display}): restore a pg_dump file with pg_restore --dbname="${withoutPassword(engine)}" --no-owner FILE.dump into an empty database and put the attachments folder back; to move a restored backup onto PostgreSQL, run restore without --database, then closeout --data DIR db migrate --to postgres://… (docs/backups.md)`,
  )
}

/**
 * What Settings > Backups says on an office on PostgreSQL: the server holds the office, so the
 * automatic backups (a copy of the SQLite file) do not run; pg_dump on the server does the job.
 */
export function postgresBackupAdvice(engine: Postgres, attachmentsDir: string, now = new Date()): string {
  return `The office's database is on PostgreSQL (${engine.display}), so Closeout's automatic backups (a copy of the SQLite file) do not run on this PC. Back the server up every night with ${pgDumpCommand(engine, now)} (the password from PGPASSWORD or ~/.pgpass) and copy the attachments folder ${attachmentsDir} beside it (docs/backups.md).`
}
