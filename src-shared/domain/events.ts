/**
 * Job event types on the hash-chained log (core/lifecycle/event-log.ts). Metrics, the job
 * timeline and the packet's approval trail read these names; never rename one.
 *
 * data fields by type:
 * - job-created        { via: 'setup-import' | 'dispatch' | 'csv-import' | 'closeout' }
 * - job-updated        { via, fields: string[] }
 * - submission-received { submissionId, completedAt, technicianId, supersedes?, heldBecause?,
 *                         conflictCopiesUsed?: [{ file, copy }] }
 * - status-changed     { from, to, reason?, findings?: string[] }  (every status change)
 * - approved           { submissionId, level, comment? }
 * - sent-back          { submissionId, comment }
 * - lines-edited       { submissionId, edits: [{ lineNo, field, from, to }] }   (a back-office touch)
 * - voided             { reason }
 * - invoiced           { batchId, invoiceNumber, format }
 * - batch-voided       { batchId, reason }
 * - disputed           { reason }
 * - closeout-moved     { submissionId, from, to }  (on both jobs: a closeout matched to the job it belongs to)
 * - invoice-sent       { invoiceNumber, to: string[], messageId, mode: 'smtp' | 'draft', again?, draftFile? }
 *                      (the packet e-mailed, or handed to the mail app as a draft; the status stays invoiced)
 * - payment-recorded   { invoiceNumber, paidDate, amountCents, source, paymentId }
 *                      (a payment imported from the accounting system; the status stays invoiced)
 */
export const JOB_EVENT_TYPES = [
  'job-created',
  'job-updated',
  'submission-received',
  'status-changed',
  'approved',
  'sent-back',
  'lines-edited',
  'voided',
  'invoiced',
  'batch-voided',
  'disputed',
  'closeout-moved',
  'invoice-sent',
  'payment-recorded',
] as const
export type JobEventType = (typeof JOB_EVENT_TYPES)[number]
