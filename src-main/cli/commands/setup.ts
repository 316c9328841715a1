import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { importSetup } from '../../core/setup/setup-import'
import { exportSetup } from '../../core/setup/setup-export'
import { CloseoutError } from '../../core/errors'
import { writeFileAtomic } from '../../core/fs/atomic'
import { withOffice, type GlobalOptions } from '../context'
import { cliAdmin, withSignInOptions, type SignInOptions } from '../sign-in'

export function readJsonFile(file: string, what: string): unknown {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new CloseoutError(
      'file-unreadable',
      `Cannot read ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    )
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    throw new CloseoutError('invalid-json', `${file} is not valid JSON: ${(error as Error).message}`)
  }
}

export function registerSetupCommands(program: Command): void {
  const setup = program.command('setup').description('import or export the office configuration (setup file v1)')
  withSignInOptions(
    setup
      .command('import')
      .argument('<file>', 'a closeout-setup/v1 JSON file')
      .option('--json', 'print the summary as JSON')
      .description(
        'load a setup file (an upsert: importing twice changes nothing); an admin once the office has users',
      ),
  ).action(async (file: string, opts: { json?: boolean } & SignInOptions) => {
    const doc = readJsonFile(file, 'setup file')
    const summary = await withOffice(program.opts<GlobalOptions>(), async (office) => {
      const admin = await cliAdmin(office, opts, 'a setup import')
      return importSetup(office, doc, admin?.id ?? 'setup-import')
    })
    if (opts.json) process.stdout.write(`${JSON.stringify(summary)}\n`)
    else {
      const { notes, ...sections } = summary
      for (const [section, c] of Object.entries(sections)) {
        process.stdout.write(`${section.padEnd(15)} ${c.created} new, ${c.updated} changed, ${c.unchanged} unchanged\n`)
      }
      for (const note of notes) process.stdout.write(`Note: ${note}\n`)
    }
  })
  setup
    .command('export')
    .argument('<file>', 'where to write the setup file')
    .description('write the current configuration (PINs as hashes only)')
    .action(async (file: string) => {
      const doc = await withOffice(program.opts<GlobalOptions>(), (office) => exportSetup(office))
      writeFileAtomic(file, `${JSON.stringify(doc, null, 2)}\n`)
      process.stdout.write(`Wrote ${file}\n`)
    })
}
