import type { Command } from 'commander'
import { verifyEventLogIn } from '../../core/lifecycle/event-log'
import { parseDatabaseOption } from '../../core/db/pg/engine'
import { verifyEventLogOnPostgres } from '../../core/db/pg/verify-log'
import { withOffice, type GlobalOptions } from '../context'

export function registerVerifyLogCommand(program: Command): void {
  program
    .command('verify-log')
    .description("check the event log's hash chain; names the first broken row and exits 1")
    .option('--json', 'print the verdict as JSON')
    .action(async (opts: { json?: boolean }) => {
      const options = program.opts<GlobalOptions>()
      // Issue #17: with --database postgres://…, a read-only check of the log on PostgreSQL.
      const engine = parseDatabaseOption(options.database)
      const verdict =
        engine.engine === 'postgres'
          ? await verifyEventLogOnPostgres(engine)
          : await withOffice(options, (office) => verifyEventLogIn(office.db))
      if (opts.json) process.stdout.write(`${JSON.stringify(verdict)}\n`)
      if (verdict.ok) {
        if (!opts.json) process.stdout.write(`Event log intact: ${verdict.rows} rows\n`)
        return
      }
      process.stderr.write(`closeout: event log broken at row ${verdict.brokenAt!.id}: ${verdict.brokenAt!.reason}\n`)
      process.exitCode = 1
    })
}
