import type { Command } from 'commander'
import { approveJob, sendBackJob, type DecisionResult } from '../../core/approvals/decisions'
import { withOffice, type GlobalOptions } from '../context'

function describe(result: DecisionResult, verb: string): string {
  if (result.level !== undefined && result.levelsRequired !== undefined && result.level < result.levelsRequired) {
    return `${result.jobId}: approval ${result.level} of ${result.levelsRequired} recorded; waiting for a second approver\n`
  }
  return `${result.jobId}: ${verb}; now ${result.status}\n`
}

/** `approve JOB --as USER --pin PIN [--comment C]` and `send-back JOB --as USER --pin PIN --comment C`. */
export function registerApproveCommands(program: Command): void {
  program
    .command('approve')
    .description('approve a job waiting for approval')
    .argument('<job>', 'job id')
    .requiredOption('--as <user>', 'approver user id')
    .requiredOption('--pin <pin>', "the approver's PIN")
    .option('--comment <text>', 'optional comment')
    .action(async (job: string, opts: { as: string; pin: string; comment?: string }) => {
      const result = await withOffice(program.opts<GlobalOptions>(), (office) =>
        approveJob(office, { jobId: job, userId: opts.as, pin: opts.pin, comment: opts.comment }),
      )
      process.stdout.write(describe(result, 'approved'))
    })
  program
    .command('send-back')
    .description('send a job back to the technician with a comment')
    .argument('<job>', 'job id')
    .requiredOption('--as <user>', 'user id')
    .requiredOption('--pin <pin>', "the user's PIN")
    .requiredOption('--comment <text>', 'what the technician must fix')
    .action(async (job: string, opts: { as: string; pin: string; comment: string }) => {
      const result = await withOffice(program.opts<GlobalOptions>(), (office) =>
        sendBackJob(office, { jobId: job, userId: opts.as, pin: opts.pin, comment: opts.comment }),
      )
      process.stdout.write(describe(result, 'sent back'))
    })
}
