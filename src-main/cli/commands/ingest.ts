import type { Command } from 'commander'
import { CloseoutError } from '../../core/errors'
import { countsOf, scanInbox } from '../../core/inbox/inbox-scan'
import { readInboxSettings } from '../../core/inbox/inbox-settings'
import { withOffice, type GlobalOptions } from '../context'

/** `ingest --once [--json]`: one scan of the inbox; prints {ingested, duplicates, rejected, pending}. */
export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description('scan the inbox once and ingest complete bundles')
    .option('--once', 'scan once and exit')
    .option('--json', 'print {ingested, duplicates, rejected, pending}')
    .action(async (opts: { once?: boolean; json?: boolean }) => {
      if (!opts.once)
        throw new CloseoutError(
          'invalid-input',
          'ingest needs --once (the continuous watcher runs inside `closeout serve` and the desktop app)',
        )
      const summary = await withOffice(program.opts<GlobalOptions>(), async (office) =>
        scanInbox(office, { timings: (await readInboxSettings(office)).timings }),
      )
      const counts = countsOf(summary)
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(counts)}\n`)
        return
      }
      for (const { folder, outcome } of summary.outcomes) {
        if (outcome.kind === 'rejected')
          process.stdout.write(
            `rejected  ${folder}: ${outcome.reason} (${outcome.details[0]?.path ?? ''}: ${outcome.details[0]?.message ?? ''})\n`,
          )
        else if (outcome.kind === 'failed')
          process.stdout.write(`failed    ${folder}: ${outcome.message} (left in place, retried next scan)\n`)
      }
      const tidy = summary.housekeeping
      if (tidy && tidy.receiptsRewritten + tidy.conflictCopiesRemoved + tidy.tempFilesSwept > 0)
        process.stdout.write(
          `Receipts: ${tidy.receiptsRewritten} rewritten to match the office, ${tidy.conflictCopiesRemoved} conflict copies removed; ${tidy.tempFilesSwept} stale temp files swept.\n`,
        )
      process.stdout.write(
        `Ingested ${counts.ingested}, duplicates ${counts.duplicates}, rejected ${counts.rejected}, pending ${counts.pending}.\n`,
      )
    })
}
