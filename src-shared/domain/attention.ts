/**
 * "Needs attention": the inbox's first view, what a person has to do something about now.
 * - needs-review and needs-approval: a closeout is waiting for the office;
 * - invoice-ready: waiting to be exported to accounting;
 * - sent-back for longer than SENT_BACK_STALE_HOURS: the technician has not answered;
 * - invoiced in a batch not marked imported after EXPORT_UNCONFIRMED_HOURS.
 * The list is oldest waiting first (the job's last change).
 */
export const SENT_BACK_STALE_HOURS = 48
export const EXPORT_UNCONFIRMED_HOURS = 24

export const ATTENTION_STATUSES = ['needs-review', 'needs-approval', 'invoice-ready'] as const

const HOUR_MS = 3_600_000

/** The cut-off instants (ISO) before which a sent-back job or an unconfirmed batch is overdue. */
export function attentionCutoffs(now: number): { sentBackBefore: string; batchBefore: string } {
  return {
    sentBackBefore: new Date(now - SENT_BACK_STALE_HOURS * HOUR_MS).toISOString(),
    batchBefore: new Date(now - EXPORT_UNCONFIRMED_HOURS * HOUR_MS).toISOString(),
  }
}
