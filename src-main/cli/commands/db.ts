import { resolve } from 'node:path'
import type { Command } from 'commander'
import { copyOfficeToPostgres } from '../../core/db/pg/copy-office'
import { parseDatabaseOption } from '../../core/db/pg/engine'
import { CloseoutError } from '../../core/errors'
import { defaultDataDir } from '../../core/paths'
import type { GlobalOptions } from '../context'

/** `closeout db …`: the database engine (issue #17, docs/multi-seat.md). */
export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('the database engine: move an office to PostgreSQL')
  db.command('migrate')
    .description(
      "move the office's SQLite file to an EMPTY PostgreSQL database: every table, counts before and after, the event log verified there",
    )
    .requiredOption('--to <url>', 'postgres://user:password@host:5432/database (must be empty)')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { to: string; json?: boolean }) => {
      const target = parseDatabaseOption(opts.to, '--to')
      if (target.engine !== 'postgres')
        throw new CloseoutError('invalid-database', '--to: must be a postgres:// connection string')
      const dataDir = resolve(program.opts<GlobalOptions>().data ?? defaultDataDir())
      const report = await copyOfficeToPostgres(dataDir, target)
      if (opts.json) process.stdout.write(`${JSON.stringify(report)}\n`)
      else {
        const width = Math.max(...report.tables.map((t) => t.table.length), 5)
        const lines = [
          `Moved the office in ${dataDir} to ${report.target}`,
          `${'table'.padEnd(width)}  ${'SQLite'.padStart(8)}  ${'PostgreSQL'.padStart(10)}`,
          ...report.tables.map(
            (t) =>
              `${t.table.padEnd(width)}  ${String(t.sqlite).padStart(8)}  ${String(t.postgres).padStart(10)}${t.sqlite === t.postgres ? '' : '  DIFFERENT'}`,
          ),
          `Search rows built on PostgreSQL: ${report.searchRows}`,
          report.eventLog.ok
            ? `Event log on PostgreSQL intact: ${report.eventLog.rows} rows`
            : `Event log on PostgreSQL broken at row ${report.eventLog.brokenAt!.id}: ${report.eventLog.brokenAt!.reason}`,
          'The SQLite file is unchanged; this Closeout still runs the office on it (docs/multi-seat.md).',
        ]
        process.stdout.write(`${lines.join('\n')}\n`)
      }
      if (!report.ok) {
        process.stderr.write('closeout: the copy on PostgreSQL does not match the SQLite file (see above)\n')
        process.exitCode = 1
      }
    })
}
