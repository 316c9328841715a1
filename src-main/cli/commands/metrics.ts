import { InvalidArgumentError, type Command } from 'commander'
import { DaySchema, MetricsInputSchema, type Metrics } from '../../../src-shared/api/metrics'
import { getMetrics } from '../../core/metrics/metrics.service'
import { withOffice, type GlobalOptions } from '../context'

/** `closeout metrics --json [--from DATE] [--to DATE]`: the dashboard's figures (docs/metrics.md). */
export function registerMetricsCommand(program: Command): void {
  program
    .command('metrics')
    .description("the dashboard's figures")
    .option('--json', 'print JSON (fields: docs/metrics.md)')
    .option('--from <date>', 'first day (YYYY-MM-DD, office time zone)', dayOption)
    .option('--to <date>', 'last day (YYYY-MM-DD, office time zone)', dayOption)
    .action(async (opts: { json?: boolean; from?: string; to?: string }, command: Command) => {
      const parsed = MetricsInputSchema.safeParse({
        ...(opts.from ? { from: opts.from } : {}),
        ...(opts.to ? { to: opts.to } : {}),
      })
      if (!parsed.success)
        command.error(`error: --from ${opts.from} is after --to ${opts.to}`, { exitCode: 2, code: 'closeout.range' })
      const metrics = await withOffice(program.opts<GlobalOptions>(), (office) => getMetrics(office, parsed.data))
      process.stdout.write(opts.json ? `${JSON.stringify(metrics, null, 2)}\n` : summary(metrics))
    })
}

function dayOption(value: string): string {
  const parsed = DaySchema.safeParse(value)
  if (!parsed.success) throw new InvalidArgumentError('must be a date like 2026-11-30')
  return parsed.data
}

function summary(m: Metrics): string {
  const h = (s: number | null) => (s === null ? '—' : `${(s / 3600).toFixed(1)} h`)
  const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`)
  return [
    `Metrics ${m.range.from} to ${m.range.to} (${m.timeZone})`,
    `  Cycle time completed -> sent (${m.cycleTime.sent}) or exported (${m.cycleTime.count - m.cycleTime.sent}): median ${h(m.cycleTime.medianSeconds)}, p90 ${h(m.cycleTime.p90Seconds)} over ${m.cycleTime.count} invoices`,
    `  This week ${h(m.headline.thisWeek.medianSeconds)} (${m.headline.thisWeek.invoiced}), last week ${h(m.headline.lastWeek.medianSeconds)} (${m.headline.lastWeek.invoiced})`,
    `  Stages (average per invoice): ${m.stages.map((s) => `${s.stage} ${h(s.meanSeconds)}`).join(', ')}`,
    `  Invoice-ready waiting: ${m.headline.invoiceReadyWaiting.count}; approvals waiting: ${m.headline.approvalsWaiting.count} (${m.headline.approvalsWaiting.overSla} over the ${m.approvalSlaHours} h SLA); needs review: ${m.needsReview.count}`,
    `  Approvals decided: ${m.approvals.decisions.count}, p50 ${h(m.approvals.decisions.medianSeconds)}, p90 ${h(m.approvals.decisions.p90Seconds)}, within SLA ${pct(m.approvals.decisions.withinSla.rate)}`,
    `  Touches per invoice: ${m.touches.perInvoice ?? '—'}; first-time-right: ${pct(m.firstTimeRight.rate)}; disputed: ${pct(m.disputes.rate)}; voided: ${m.voids.count}`,
    '',
  ].join('\n')
}
