import { existsSync, mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { Command } from 'commander'
import { CloseoutError } from '../../core/errors'
import { withOffice, type GlobalOptions } from '../context'

export function registerBackupCommand(program: Command): void {
  program
    .command('backup')
    .description('online backup of the database (safe while Closeout runs)')
    .requiredOption('--out <file>', 'the backup file to write (must not exist)')
    .action(async (opts: { out: string }) => {
      const out = resolve(opts.out)
      if (existsSync(out)) throw new CloseoutError('file-exists', `${out} already exists; choose a new file name`)
      mkdirSync(dirname(out), { recursive: true })
      await withOffice(program.opts<GlobalOptions>(), async (office) => {
        await office.sqlite.backup(out)
      })
      process.stdout.write(`Backed up to ${out}\n`)
    })
}
