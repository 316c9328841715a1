import { isAbsolute, relative, resolve } from 'node:path'
import type { Command } from 'commander'
import { copyOfficeToPostgres } from '../../core/db/pg/copy-office'
import { parseDatabaseOption } from '../../core/db/pg/engine'
import { CloseoutError } from '../../core/errors'
import { defaultDataDir } from '../../core/paths'
import { recordOfficeEvent } from '../../core/lifecycle/office-log'
import { openOffice } from '../../core/office'
import { resolveSharedDir } from '../../core/office-folders'
import { referencedBlobs } from '../../core/backup/backup.repo'
import { copyAttachmentStore, type StoreCopyReport } from '../../core/store/copy-store'
import type { GlobalOptions } from '../context'
import { cliAdmin, withSignInOptions, type SignInOptions } from '../sign-in'

/** `closeout db …`: the database engine (issue #17, docs/multi-seat.md). */
export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('the database engine: move an office to PostgreSQL')
  withSignInOptions(
    db
      .command('migrate')
      .description(
        "move the office's SQLite file to an EMPTY PostgreSQL database: every table, counts before and after, the event log verified there; an admin once the office has users",
      )
      .requiredOption('--to <url>', 'postgres://user:password@host:5432/database (must be empty)')
      .option(
        '--attachments-to <dir>',
        "also copy the office's photos and signatures into this folder every seat reaches (each checked against its hash)",
      )
      .option('--json', 'print the report as JSON'),
  ).action(async (opts: { to: string; attachmentsTo?: string; json?: boolean } & SignInOptions) => {
    const target = parseDatabaseOption(opts.to, '--to')
    if (target.engine !== 'postgres')
      throw new CloseoutError('invalid-database', '--to: must be a postgres:// connection string')
    const global = program.opts<GlobalOptions>()
    const dataDir = resolve(global.data ?? defaultDataDir())
    // Issue #12: the whole office (users and PIN hashes too) goes to another server: an admin's
    // call, checked before anything connects, and recorded in the office's own log once done.
    const sharedDir = resolveSharedDir(dataDir, { shared: global.shared })
    const office = await openOffice({
      dataDir,
      sharedDir,
      ...(global.attachments ? { attachmentsDir: global.attachments } : {}),
    })
    const attachmentsTo = opts.attachmentsTo === undefined ? undefined : resolve(opts.attachmentsTo)
    if (attachmentsTo !== undefined && isSameOrInside(attachmentsTo, sharedDir)) {
      await office.close()
      throw new CloseoutError(
        'attachments-in-shared-folder',
        `--attachments-to: ${attachmentsTo} is inside the shared folder (${sharedDir}), which carries closeouts between phones and the office; use a folder beside it`,
      )
    }
    const { report, attachments } = await (async () => {
      try {
        const admin = await cliAdmin(office, opts, 'a move to PostgreSQL')
        const copied = await copyOfficeToPostgres(dataDir, target)
        // The photos go only with a good copy of the rows; the office's own store is left as it is.
        const attachments =
          copied.ok && attachmentsTo !== undefined
            ? copyAttachmentStore(
                office.attachmentsDir,
                attachmentsTo,
                referencedBlobs(office.sqlite).map((b) => b.sha256),
              )
            : null
        if (copied.ok)
          await recordOfficeEvent(office, {
            type: 'office-copied-to-postgres',
            actor: admin?.id ?? 'db-migrate',
            data: { target: copied.target, rows: copied.tables.reduce((n, t) => n + t.sqlite, 0) },
          })
        return { report: copied, attachments }
      } finally {
        await office.close()
      }
    })()
    if (opts.json) process.stdout.write(`${JSON.stringify(attachments ? { ...report, attachments } : report)}\n`)
    else {
      const width = Math.max(...report.tables.map((t) => t.table.length), 5)
      const lines = [
        `Moved the office in ${dataDir} to ${report.target}`,
        `${'table'.padEnd(width)}  ${'SQLite'.padStart(8)}  ${'PostgreSQL'.padStart(10)}`,
        ...report.tables.map(
          (t) =>
            `${t.table.padEnd(width)}  ${String(t.sqlite).padStart(8)}  ${String(t.postgres).padStart(10)}${t.sqlite === t.postgres ? '' : '  DIFFERENT'}`,
        ),
        `Search rows built on PostgreSQL: ${report.searchRows}`,
        report.eventLog.ok
          ? `Event log on PostgreSQL intact: ${report.eventLog.rows} rows`
          : `Event log on PostgreSQL broken at row ${report.eventLog.brokenAt!.id}: ${report.eventLog.brokenAt!.reason}`,
        ...(attachments ? attachmentLines(attachments) : []),
        'The SQLite file is unchanged; this Closeout still runs the office on it (docs/multi-seat.md).',
      ]
      process.stdout.write(`${lines.join('\n')}\n`)
    }
    if (!report.ok) {
      process.stderr.write('closeout: the copy on PostgreSQL does not match the SQLite file (see above)\n')
      process.exitCode = 1
    } else if (attachments && !attachments.ok) {
      process.stderr.write(
        `closeout: ${attachments.missing.length + attachments.altered.length} of the office's photos could not be copied (see above): restore them from a backup, then run the copy again\n`,
      )
      process.exitCode = 1
    }
  })
}

function attachmentLines(r: StoreCopyReport): string[] {
  const mb = (r.bytes / 1_048_576).toFixed(1)
  return [
    `Attachments copied to ${r.to}: ${r.copied} files (${mb} MB), ${r.alreadyThere} already there; each checked against its hash`,
    ...r.missing.map((sha) => `  missing from this office's attachments folder: ${sha}`),
    ...r.altered.map((sha) => `  damaged in this office's attachments folder (not copied): ${sha}`),
  ]
}

function isSameOrInside(child: string, parent: string): boolean {
  const rel = relative(parent, child)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}
