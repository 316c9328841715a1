import { Option, type Command } from 'commander'
import { notAvailableYet } from '../context'

/**
 * Commands of the DESIGN.md contract whose features land in later issues. They are in the help
 * with their final options and answer "not available yet" (exit 1) until then.
 */
export function registerPendingCommands(program: Command): void {
  program
    .command('ingest')
    .description('scan the inbox once and ingest complete bundles')
    .option('--once', 'scan once and exit')
    .option('--json', 'print {ingested, duplicates, rejected, pending}')
    .action(() => notAvailableYet('ingest', 'issue #3, the inbox'))
  program
    .command('approve')
    .description('approve a job waiting for approval')
    .argument('<job>', 'job id')
    .requiredOption('--as <user>', 'approver user id')
    .requiredOption('--pin <pin>', "the approver's PIN")
    .option('--comment <text>', 'optional comment')
    .action(() => notAvailableYet('approve', 'issue #4, rules and approvals'))
  program
    .command('send-back')
    .description('send a job back to the technician with a comment')
    .argument('<job>', 'job id')
    .requiredOption('--as <user>', 'user id')
    .requiredOption('--pin <pin>', "the user's PIN")
    .requiredOption('--comment <text>', 'what the technician must fix')
    .action(() => notAvailableYet('send-back', 'issue #4, rules and approvals'))
  program
    .command('export')
    .description('export every invoice-ready job as one batch')
    .addOption(new Option('--format <format>', 'accounting format').choices(['qbo-csv', 'qbd-iif', 'xero-csv', 'csv']).makeOptionMandatory())
    .requiredOption('--out <file>', 'file to write')
    .option('--json', 'print the batch as JSON')
    .action(() => notAvailableYet('export', 'issue #7, packets and exports'))
  program
    .command('packet')
    .description("write a job's invoice packet")
    .argument('<job>', 'job id')
    .requiredOption('--out <dir>', 'folder to write the packet folder into')
    .action(() => notAvailableYet('packet', 'issue #7, packets and exports'))
  program
    .command('metrics')
    .description("the dashboard's figures")
    .option('--json', 'print JSON')
    .option('--from <date>', 'first day (YYYY-MM-DD)')
    .option('--to <date>', 'last day (YYYY-MM-DD)')
    .action(() => notAvailableYet('metrics', 'issue #8, metrics'))
}
