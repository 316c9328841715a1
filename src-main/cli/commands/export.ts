import { basename, dirname, resolve } from 'node:path'
import { Option, type Command } from 'commander'
import { EXPORT_FORMATS, type ExportFormat } from '../../../src-shared/api/exports'
import { formatMoney } from '../../../src-shared/domain/money'
import { CloseoutError } from '../../core/errors'
import { runExport } from '../../core/exports/export-batches'
import { withOffice, type GlobalOptions } from '../context'
import { cliUser, withSignInOptions, type SignInOptions } from '../sign-in'

export function registerExportCommand(program: Command): void {
  const command = program
    .command('export')
    .description('export every invoice-ready job as one batch')
    .addOption(new Option('--format <format>', 'accounting format').choices([...EXPORT_FORMATS]).makeOptionMandatory())
    .requiredOption('--out <file>', 'file to write (split files get -1, -2 ... before the extension)')
    .option('--json', 'print the batch as JSON')
  withSignInOptions(command).action(
    async (opts: { format: ExportFormat; out: string; json?: boolean } & SignInOptions) => {
      const out = resolve(opts.out)
      const result = await withOffice(program.opts<GlobalOptions>(), async (office) => {
        const user = await cliUser(office, opts, 'an export')
        try {
          const { batch, findings, receipts } = await runExport(office, {
            format: opts.format,
            outDir: dirname(out),
            fileName: basename(out),
            user: user.id,
          })
          await receipts
          return { batch, findings }
        } catch (error) {
          // A blocked export lists every problem, one a line, before the one-line reason.
          if (error instanceof CloseoutError && error.code === 'export-blocked') {
            for (const d of error.details) process.stderr.write(`  ${d.path}: ${d.message}\n`)
          }
          throw error
        }
      })
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
        return
      }
      const { batch, findings } = result
      const first = batch.jobs[0]?.invoiceNumber
      const last = batch.jobs[batch.jobs.length - 1]?.invoiceNumber
      process.stdout.write(
        `Batch ${batch.id}: ${batch.jobs.length} invoice(s) ${first}${last !== first ? ` to ${last}` : ''}, total ${formatMoney(batch.totalCents)}\n`,
      )
      for (const f of batch.files)
        process.stdout.write(`  wrote ${f.path} (${f.invoices} invoice(s), ${f.rows} row(s), sha256 ${f.sha256})\n`)
      for (const w of findings) process.stdout.write(`  note: ${w.message}\n`)
    },
  )
}
