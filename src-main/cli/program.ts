import { Command, Option } from 'commander'
import { registerSetupCommands } from './commands/setup'
import { registerJobsCommand } from './commands/jobs'
import { registerBackupCommand } from './commands/backup'
import { registerServeCommand } from './commands/serve'
import { registerVerifyLogCommand } from './commands/verify-log'
import { registerExportCommand } from './commands/export'
import { registerPacketCommand } from './commands/packet'
import { registerIngestCommand } from './commands/ingest'
import { registerMetricsCommand } from './commands/metrics'
import { registerApproveCommands } from './commands/approve'
import { registerRebuildCommand } from './commands/rebuild'
import { registerSendCommand } from './commands/send'
import { registerDbCommands } from './commands/db'
import { registerImportCommand } from './commands/import'

/** The `closeout` command line: a stable contract (DESIGN.md). Exit 0 ok, 1 failure, 2 usage. */
export function buildProgram(): Command {
  const program = new Command('closeout')
  program
    .description('Closeout back office: ingest closeouts, approve exceptions, export invoices')
    .addOption(new Option('--data <dir>', 'data folder (database and attachments)').env('CLOSEOUT_DATA'))
    .addOption(
      new Option('--shared <dir>', 'shared folder (inbox, archive, rejected, receipts)').env('CLOSEOUT_SHARED'),
    )
    .addOption(
      new Option(
        '--database <url>',
        'sqlite (the default) or postgres://user:password@host:5432/db (docs/multi-seat.md)',
      ).env('CLOSEOUT_DATABASE'),
    )
    .addOption(
      new Option(
        '--attachments <dir>',
        'the attachment store when not <data>/attachments: on PostgreSQL, a folder every seat reaches (docs/multi-seat.md)',
      ).env('CLOSEOUT_ATTACHMENTS'),
    )
    .showHelpAfterError('(run closeout --help for usage)')
    .configureHelp({ sortSubcommands: false })
  registerServeCommand(program)
  registerIngestCommand(program)
  registerJobsCommand(program)
  registerApproveCommands(program)
  registerSetupCommands(program)
  registerVerifyLogCommand(program)
  registerBackupCommand(program)
  registerRebuildCommand(program)
  registerMetricsCommand(program)
  registerExportCommand(program)
  registerPacketCommand(program)
  registerSendCommand(program)
  registerDbCommands(program)
  registerImportCommand(program)
  return program
}
