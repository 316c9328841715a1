import { basename, resolve } from 'node:path'
import type { Command } from 'commander'
import { createBackup } from '../../core/backup/create-backup'
import { restoreBackup } from '../../core/backup/restore-backup'
import { backupRefusedOnPostgres, restoreRefusedOnPostgres } from '../../core/backup/postgres-advice'
import { parseDatabaseOption } from '../../core/db/pg/engine'
import { attachmentsRoot } from '../../core/store/attachment-store'
import { defaultDataDir } from '../../core/paths'
import { recordOfficeEvent } from '../../core/lifecycle/office-log'
import { openOffice } from '../../core/office'
import { resolveSharedDir } from '../../core/office-folders'
import { withOffice, type GlobalOptions } from '../context'
import { cliAdmin, withSignInOptions, type SignInOptions } from '../sign-in'

export function registerBackupCommand(program: Command): void {
  program
    .command('backup')
    .description('one file with the database and every attachment (safe while Closeout runs)')
    .requiredOption('--out <file>', 'the backup file to write (must not exist)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { out: string; json?: boolean }) => {
      const global = program.opts<GlobalOptions>()
      // Issue #18: on PostgreSQL the SQLite file is not the office; say what backs it up instead.
      const engine = parseDatabaseOption(global.database)
      if (engine.engine === 'postgres')
        throw backupRefusedOnPostgres(
          engine,
          global.attachments ? resolve(global.attachments) : attachmentsRoot(resolve(global.data ?? defaultDataDir())),
        )
      const result = await withOffice(global, (office) => {
        // Opened with the engine refused above on PostgreSQL, so always the SQLite file here.
        if (office.engine === 'postgres') throw backupRefusedOnPostgres(office.database, office.attachmentsDir)
        return createBackup(office, { out: resolve(opts.out), attachments: 'inside' })
      })
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(result)}\n`)
        return
      }
      const c = result.counts
      process.stdout.write(
        `Backed up to ${result.file} (${(result.size / 1048576).toFixed(1)} MB): ${c.jobs} jobs, ${c.closeouts} closeouts, ${c.batches} export batches, ${c.attachments} attachments\n`,
      )
    })

  withSignInOptions(
    program
      .command('restore')
      .description(
        'restore a backup into an empty data folder (--data) and prove it before use; an admin of the restored office says who restores',
      )
      .argument('<file>', 'a backup file written by `closeout backup` or the automatic backups')
      .option('--json', 'print the result as JSON'),
  ).action(async (file: string, opts: { json?: boolean } & SignInOptions) => {
    const global = program.opts<GlobalOptions>()
    const engine = parseDatabaseOption(global.database)
    if (engine.engine === 'postgres') throw restoreRefusedOnPostgres(engine)
    const dataDir = global.data ?? defaultDataDir()
    let restoredBy: string | null = null
    const result = await restoreBackup(resolve(file), dataDir, {
      // Issue #12: the restored office's own users say who restores it (its users, roles and
      // PINs come back with it, so an admin's); a wrong PIN or role undoes the restore.
      confirm: async (restored, backupCreatedAt) => {
        const office = await openOffice({
          dataDir: restored,
          sharedDir: resolveSharedDir(restored, { shared: global.shared }),
        })
        try {
          const admin = await cliAdmin(office, opts, 'a restore')
          restoredBy = admin ? `${admin.name} (${admin.id})` : null
          await recordOfficeEvent(office, {
            type: 'office-restored',
            actor: admin?.id ?? 'restore',
            data: { file: basename(file), backupCreatedAt },
          })
        } finally {
          await office.close()
        }
      },
    })
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`)
      return
    }
    const c = result.counts
    const lines = [
      `Restored ${resolve(file)} (made ${result.backupCreatedAt}) into ${result.dataDir}`,
      `  ${c.jobs} jobs, ${c.closeouts} closeouts, ${c.batches} export batches, ${c.attachments} attachments, ${c.events} events`,
      `  checked: database integrity ok, event log intact (${result.eventLogRows} rows), ${result.attachmentsVerified} attachments match their hashes`,
    ]
    if (result.migrated.length > 0)
      lines.push(`  upgraded from an older Closeout: ${result.migrated.length} database migrations applied`)
    if (restoredBy) lines.push(`  recorded in the event log as restored by ${restoredBy}`)
    process.stdout.write(`${lines.join('\n')}\n`)
  })
}
