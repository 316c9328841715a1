import { InvalidArgumentError, type Command } from 'commander'
import { EmailAddressSchema, type SentMessage } from '../../../src-shared/api/mail'
import { sendBatch } from '../../core/mail/send-batch'
import { sendPacket } from '../../core/mail/send-packet'
import { withOffice, type GlobalOptions } from '../context'
import { cliUser, withSignInOptions, type SignInOptions } from '../sign-in'

function address(value: string, previous: string[] = []): string[] {
  const parsed = EmailAddressSchema.safeParse(value)
  if (!parsed.success) throw new InvalidArgumentError(`"${value}" ${parsed.error.issues[0]?.message ?? 'is not valid'}`)
  return [...previous, parsed.data]
}

function batchNumber(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('must be a batch number like 12')
  return Number(value)
}

function describe(s: SentMessage): string {
  return s.mode === 'draft'
    ? `${s.jobId}: ${s.invoiceNumber} written as a draft to ${s.to.join(', ')}: ${s.draftFile}`
    : `${s.jobId}: ${s.invoiceNumber} sent to ${s.to.join(', ')} (${s.messageId})`
}

/** `closeout send JOB [--to EMAIL]` and `closeout send --batch N`: e-mail invoice packets (Settings > Mail). */
export function registerSendCommand(program: Command): void {
  const command = program
    .command('send')
    .description("e-mail an invoiced job's packet (or every job of an export batch) to the customer")
    .argument('[job]', 'job id')
    .option('--to <email>', 'send to this address instead of the customer list (repeatable)', address)
    .option('--batch <n>', 'send every job of this export batch', batchNumber)
    .option('--again', 'send even if it was already sent')
    .option('--json', 'print the result as JSON')
  withSignInOptions(command).action(
    async (
      job: string | undefined,
      opts: { to?: string[]; batch?: number; again?: boolean; json?: boolean } & SignInOptions,
    ) => {
      if (!job === (opts.batch === undefined)) {
        program.error('closeout send: give a job id or --batch N (not both)', { exitCode: 2, code: 'closeout.usage' })
      }
      if (opts.batch !== undefined && opts.to) {
        program.error('closeout send: --to applies to one job, not a batch', { exitCode: 2, code: 'closeout.usage' })
      }
      await withOffice(program.opts<GlobalOptions>(), async (office) => {
        const actor = (await cliUser(office, opts, 'sending')).id
        if (job) {
          const sent = await sendPacket(office, job, { actor, to: opts.to, again: opts.again ?? false })
          process.stdout.write(opts.json ? `${JSON.stringify(sent, null, 2)}\n` : `${describe(sent)}\n`)
          return
        }
        const result = await sendBatch(office, opts.batch!, { actor, again: opts.again ?? false })
        if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
        else {
          for (const j of result.jobs)
            process.stdout.write(j.sent ? `${describe(j.sent)}\n` : `${j.jobId}: ${j.outcome}: ${j.error?.message}\n`)
          process.stdout.write(
            `Batch ${result.batchId}: ${result.sent} sent, ${result.alreadySent} already sent, ${result.failed} failed\n`,
          )
        }
        if (result.failed > 0) process.exitCode = 1
      })
    },
  )
}
