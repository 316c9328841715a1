import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { ImportCommitInputSchema } from '../../../src-shared/api/imports'
import { CloseoutError } from '../../core/errors'
import { commitAnyImport, previewAnyImport } from '../../core/imports/import-service'
import { withOffice, type GlobalOptions } from '../context'
import { cliUser, withSignInOptions, type SignInOptions } from '../sign-in'

/**
 * `closeout import payments FILE --as USER --pin PIN [--json] [--skip-bad-rows]`: the Dispatch
 * screen's payments import (docs/payments.md), recorded under that user like `imports.commit`
 * under the signed-in one. Every row is checked first; any bad row stops the import with
 * nothing written, unless --skip-bad-rows.
 */
export function registerImportCommand(program: Command): void {
  const command = program.command('import').description('import a file from the accounting system')
  withSignInOptions(
    command
      .command('payments')
      .description('record payments from a QuickBooks Online or Xero export, or the payments template')
      .argument('<file>', 'the CSV file')
      .option('--json', 'print the preview and the result as JSON')
      .option('--skip-bad-rows', 'import the good rows and leave the bad ones out'),
  ).action(async (file: string, opts: { json?: boolean; skipBadRows?: boolean } & SignInOptions) => {
    let csv: string
    try {
      csv = await readFile(file, 'utf8')
    } catch (error) {
      throw new CloseoutError('file-unreadable', `Cannot read ${file}: ${(error as Error).message}`)
    }
    const parsed = ImportCommitInputSchema.safeParse({
      kind: 'payments',
      csv,
      skipBadRows: opts.skipBadRows ?? false,
    })
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw new CloseoutError('invalid-input', `${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}`)
    }
    await withOffice(program.opts<GlobalOptions>(), async (office) => {
      const user = await cliUser(office, opts, 'a payments import')
      const preview = await previewAnyImport(office, parsed.data)
      const bad = preview.rows.filter((r) => r.outcome === 'error')
      if (bad.length && !parsed.data.skipBadRows) {
        if (opts.json) process.stdout.write(`${JSON.stringify({ preview, result: null }, null, 2)}\n`)
        else {
          for (const r of bad)
            process.stderr.write(`row ${r.row}: ${r.errors.map((e) => `${e.column}: ${e.message}`).join('; ')}\n`)
        }
        throw new CloseoutError(
          'import-has-errors',
          `${bad.length} row${bad.length === 1 ? '' : 's'} cannot be imported; nothing was written (--skip-bad-rows imports the rest)`,
        )
      }
      const result = await commitAnyImport(office, parsed.data, user.id)
      if (opts.json) process.stdout.write(`${JSON.stringify({ preview, result }, null, 2)}\n`)
      else
        process.stdout.write(
          `${preview.formatLabel}${preview.dateFormat ? ` (dates read as ${preview.dateFormat})` : ''}: ${result.created} payment row${result.created === 1 ? '' : 's'} recorded, ${result.unchanged} already recorded${result.skipped ? `, ${result.skipped} bad rows left out` : ''}\n`,
        )
    })
  })
}
