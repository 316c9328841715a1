import type { Command } from 'commander'
import { CloseoutError } from '../../core/errors'
import { rebuildFromArchive, type RebuildReport } from '../../core/rebuild/rebuild-from-archive'
import { withOffice, type GlobalOptions } from '../context'
import { cliAdmin, withSignInOptions, type SignInOptions } from '../sign-in'

export function registerRebuildCommand(program: Command): void {
  withSignInOptions(
    program
      .command('rebuild')
      .description(
        'when there is no backup: re-ingest the shared folder archive into a fresh office (after setup import); an admin once the office has users',
      )
      .option('--from-archive', 're-ingest every bundle in <shared>/archive, in the order they were received')
      .option('--json', 'print the report as JSON'),
  ).action(async (opts: { fromArchive?: boolean; json?: boolean } & SignInOptions) => {
    if (!opts.fromArchive)
      throw new CloseoutError('invalid-input', 'rebuild needs --from-archive (the only source it knows)')
    const report = await withOffice(program.opts<GlobalOptions>(), async (office) => {
      // Issue #12: a rebuild sets statuses and invoice numbers from receipts: an admin's call.
      const admin = await cliAdmin(office, opts, 'a rebuild')
      return rebuildFromArchive(office, admin?.id)
    })
    process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : describeRebuild(report))
  })
}

export function describeRebuild(r: RebuildReport): string {
  const lines = [
    `Re-ingested ${r.ingested} bundles from ${r.archive} into ${r.jobs} jobs` +
      (r.duplicates ? ` (${r.duplicates} duplicate copies skipped)` : ''),
  ]
  if (r.invoiced.length)
    lines.push(
      `  back as invoiced from their receipts (never exported again): ${r.invoiced.map((i) => `${i.jobId}${i.invoiceNumber ? ` ${i.invoiceNumber}` : ' (number unknown)'}`).join(', ')}`,
    )
  if (r.voided.length) lines.push(`  back as void from their receipts: ${r.voided.join(', ')}`)
  if (r.decideAgain.length)
    lines.push(
      `  decide again (the decision lived only in the database): ${r.decideAgain.map((d) => `${d.jobId} was ${d.was}, now ${d.now}`).join('; ')}`,
    )
  if (r.noReceipt.length)
    lines.push(`  no receipt, so check your accounting system before exporting: ${r.noReceipt.join(', ')}`)
  for (const f of r.failed) lines.push(`  could not re-ingest ${f.folder}: ${f.reason}`)
  lines.push(`Cannot come back: ${r.cannotComeBack.join('; ')}.`)
  lines.push(r.payments)
  lines.push('Every rebuilt job says "rebuilt from the archive" in its history.')
  return `${lines.join('\n')}\n`
}
