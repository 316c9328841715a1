import { Option, type Command } from 'commander'
import { JOB_STATUSES, isJobStatus } from '../../../src-shared/domain/status'
import { CloseoutError } from '../../core/errors'
import { listJobs } from '../../core/jobs/jobs.repo'
import { withOffice, type GlobalOptions } from '../context'

export function registerJobsCommand(program: Command): void {
  program
    .command('jobs')
    .description('list jobs')
    .addOption(new Option('--status <status>', 'only jobs with this status').choices([...JOB_STATUSES]))
    .option('--json', 'print JSON: id, status, customer, technician, total, submissionIds, findings')
    .action(async (opts: { status?: string; json?: boolean }) => {
      if (opts.status && !isJobStatus(opts.status))
        throw new CloseoutError(
          'invalid-input',
          `Unknown status "${opts.status}": use one of ${JOB_STATUSES.join(', ')}`,
        )
      const result = await withOffice(program.opts<GlobalOptions>(), async (office) => {
        const all = []
        for (let offset = 0; ; offset += 1000) {
          const page = await listJobs(office, { status: (opts.status as never) ?? 'all', limit: 1000, offset })
          all.push(...page.jobs)
          if (page.jobs.length < 1000) break
        }
        return all
      })
      if (opts.json) {
        process.stdout.write(
          `${JSON.stringify(
            result.map((j) => ({
              ...j,
              findings: j.findings.map(({ code, severity, message }) => ({ code, severity, message })),
            })),
            null,
            2,
          )}\n`,
        )
        return
      }
      if (result.length === 0) {
        process.stdout.write('No jobs.\n')
        return
      }
      for (const j of result) {
        process.stdout.write(
          `${j.id.padEnd(10)} ${j.status.padEnd(15)} ${(j.customer ?? '?').padEnd(28)} ${(j.technician ?? '').padEnd(16)} ${j.total ?? ''}\n`,
        )
      }
    })
}
