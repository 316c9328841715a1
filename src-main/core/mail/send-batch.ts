import type { MailSendBatchOutput } from '../../../src-shared/api/mail'
import { CloseoutError } from '../errors'
import { getBatch } from '../exports/batches.repo'
import type { Office } from '../office'
import { readMailSettingsAsync, smtpPassword } from './mail-settings'
import { sendPacket } from './send-packet'
import { smtpSender, type SmtpTimeouts } from './smtp-send'

/**
 * Sends every job of an export batch through one pooled SMTP connection (or writes a draft for
 * each). A job that fails is reported and the rest still go; jobs already sent are skipped
 * unless `again`.
 */
export async function sendBatch(
  office: Office,
  batchId: number,
  options: { actor: string; again?: boolean; timeouts?: SmtpTimeouts },
): Promise<MailSendBatchOutput> {
  const batch = await getBatch(office, batchId)
  if (batch.status === 'void') {
    throw new CloseoutError('batch-void', `Export batch ${batchId} was voided: its invoices are not to be sent`)
  }
  const settings = await readMailSettingsAsync(office)
  const sender =
    settings.mode === 'smtp'
      ? smtpSender(settings, smtpPassword(office), {
          pool: true,
          ...(options.timeouts ? { timeouts: options.timeouts } : {}),
        })
      : undefined
  const out: MailSendBatchOutput = { batchId, sent: 0, alreadySent: 0, failed: 0, jobs: [] }
  try {
    for (const job of batch.jobs) {
      try {
        const sent = await sendPacket(office, job.jobId, {
          actor: options.actor,
          again: options.again ?? false,
          ...(sender ? { sender } : {}),
        })
        out.sent++
        out.jobs.push({ jobId: job.jobId, outcome: 'sent', sent, error: null })
      } catch (error) {
        const e = error instanceof CloseoutError ? error : new CloseoutError('internal', String(error))
        const outcome = e.code === 'already-sent' ? 'already-sent' : 'failed'
        if (outcome === 'already-sent') out.alreadySent++
        else out.failed++
        out.jobs.push({ jobId: job.jobId, outcome, sent: null, error: { code: e.code, message: e.message } })
      }
    }
  } finally {
    sender?.close()
  }
  return out
}
