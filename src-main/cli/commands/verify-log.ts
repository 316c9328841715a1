import type { Command } from 'commander'
import { verifyEventLog } from '../../core/lifecycle/event-log'
import { withOffice, type GlobalOptions } from '../context'

export function registerVerifyLogCommand(program: Command): void {
  program
    .command('verify-log')
    .description("check the event log's hash chain; names the first broken row and exits 1")
    .option('--json', 'print the verdict as JSON')
    .action(async (opts: { json?: boolean }) => {
      const verdict = await withOffice(program.opts<GlobalOptions>(), (office) => verifyEventLog(office.sqlite))
      if (opts.json) process.stdout.write(`${JSON.stringify(verdict)}\n`)
      if (verdict.ok) {
        if (!opts.json) process.stdout.write(`Event log intact: ${verdict.rows} rows\n`)
        return
      }
      process.stderr.write(`closeout: event log broken at row ${verdict.brokenAt!.id}: ${verdict.brokenAt!.reason}\n`)
      process.exitCode = 1
    })
}
