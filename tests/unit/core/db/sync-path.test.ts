import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Issue #17, step 1: repositories move from the synchronous compile-and-run path
 * (db/connection.ts `all`, `first`, `run`, `each`, `tuples`, `prepareCached`, `onConnection`,
 * and better-sqlite3's own `sqlite.transaction(...)`) to Kysely's own `.execute()` on an
 * `EngineDb` (db/engine-db.ts), which runs on SQLite and on PostgreSQL. They move area by area,
 * like the typed-builder move of issue #15.
 *
 * STILL_SYNC is every file still on the synchronous path. It only shrinks: a file that stops
 * using the path must leave the list (the second test fails until it does), a file not on the
 * list may not start using it, and a converted file (CONVERTED) may never come back. The office
 * can run on PostgreSQL when STILL_SYNC is empty.
 *
 * SQLITE_OWN is the few files whose work IS the SQLite file or a seat's own local SQLite: they
 * stay synchronous on purpose, whichever engine holds the office, and are no step of the plan.
 */
const ROOT = join(__dirname, '../../../..')

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  )
}

const SYNC_NAMES = new Set(['all', 'first', 'run', 'each', 'tuples', 'prepareCached', 'onConnection'])
const CONNECTION_IMPORT = /import\s*\{([^}]*)\}\s*from\s*'((?:\.\.?\/)+(?:[\w-]+\/)*connection)'/g
const SQLITE_TRANSACTION = /\bsqlite\s*\.\s*transaction\(/

/** Whether a source file runs queries on the synchronous path (the statement machinery itself excluded). */
function usesSyncPath(text: string): boolean {
  const imported = [...text.matchAll(CONNECTION_IMPORT)].flatMap((m) =>
    m[1]!.split(',').map(
      (name) =>
        name
          .trim()
          .replace(/^type\s+/, '')
          .split(/\s+as\s+/)[0]!,
    ),
  )
  return imported.some((name) => SYNC_NAMES.has(name)) || SQLITE_TRANSACTION.test(text)
}

const files = sources(join(ROOT, 'src-main'))
  .map((file) => ({ path: relative(ROOT, file).split('\\').join('/'), text: readFileSync(file, 'utf8') }))
  .filter((f) => !f.path.startsWith('src-main/core/db/migrations/') && f.path !== 'src-main/core/db/connection.ts')

/** SQLite's own, on purpose (see above): each with what makes it so. */
const SQLITE_OWN: Record<string, string> = {
  // Backup and restore of the office's SQLite file (VACUUM INTO, integrity checks of the copy);
  // an office on PostgreSQL is backed up with pg_dump (docs/backups.md) and this refuses it.
  'src-main/core/backup/backup.repo.ts': 'the SQLite file is what it copies',
  // PRAGMAs and sqlite_master: statements only SQLite has.
  'src-main/core/db/raw-sql.ts': "SQLite's PRAGMAs",
  // The technician form's sign-ins and PIN lockouts: the serving seat's own local file.
  'src-main/lan/sessions.ts': "the form seat's own sessions",
  // The shared folder saved in Settings, read from the data folder's own SQLite file before the
  // office opens; a PC's own choice (on PostgreSQL its seat file, seat.ts, is read first).
  'src-main/core/settings/saved-folders.repo.ts': "this PC's saved shared folder, read before the office opens",
  'src-main/lan/pin-throttle.ts': "the form seat's own PIN lockouts",
  // The office's view of them: the technicians' phone locks it lists and lifts, the phone
  // sessions it ends on a new PIN, in the seat's state (office.ts seatState).
  'src-main/core/auth/technician-locks.ts': "the form seat's own lockouts, as the office lifts them",
  'src-main/core/auth/technician-sessions.ts': "the form seat's own sessions, as the office ends them",
}

/** Shrinks only. Remove a file when its area is converted; never add one. */
const STILL_SYNC: string[] = []

/** Converted to the async path on both engines: they may never go back to the synchronous one. */
const CONVERTED: string[] = [
  'src-main/core/db/engine-db.ts',
  // The inbox's list, counts, search and job detail (jobs.list, jobs.counts, jobs.get).
  'src-main/core/jobs/jobs.repo.ts',
  'src-main/core/jobs/job-search.ts',
  // The dispatch form's reads (dispatch.options, jobs.form), the setup catalog's and company's readers.
  'src-main/core/dispatch/dispatch-options.ts',
  'src-main/core/dispatch/job-form.ts',
  'src-main/core/setup/catalog-reads.repo.ts',
  'src-main/core/setup/company-reads.repo.ts',
  // The approval inbox (approvals.list) and a closeout's priced lines after an edit, with the
  // async loaders of a submission's rules context they read through.
  'src-main/core/approvals/approvals.repo.ts',
  'src-main/core/approvals/priced-submission.ts',
  'src-main/core/lifecycle/load-submissions.ts',
  // The approver picker (users.list) and the job screen's closeout an approver opens (jobs.closeout).
  'src-main/core/approvals/approvers.repo.ts',
  'src-main/core/jobs/job-closeout.ts',
  // The technician form's reads of the office (the FormSource's Promises: sign-in names, jobs,
  // the price book, a photo of one's own submission) and the office's snapshot for --lan-only.
  // Its sessions and lockouts (sessions.ts, FormSource.state) stay a seat's own SQLite on purpose.
  'src-main/lan/office-source.ts',
  'src-main/lan/tech-jobs.query.ts',
  'src-main/lan/tech-submissions.repo.ts',
  'src-main/lan/office-snapshot.ts',
  'src-main/lan/snapshot-source.ts',
  // The first writer on withTransaction: a customer's dispute (jobs.dispute) and its event.
  'src-main/core/metrics/dispute.ts',
  // The dashboard's reads (metrics.get, metrics.jobs, the payment figures, the SLA setting) and
  // each seat's cache of the summaries; the summary's fold stays with the log's append (metrics.repo.ts).
  'src-main/core/metrics/metrics-reads.repo.ts',
  'src-main/core/metrics/summary-cache.ts',
  'src-main/core/metrics/metrics.service.ts',
  'src-main/core/metrics/payments-metrics.ts',
  'src-main/core/metrics/settings.ts',
  'src-main/core/payments/payment-reads.repo.ts',
  // The office's writers on one job: an edit of a closeout's lines (jobs.editLines), a void
  // (jobs.void), the ways out of needs-review (review.reprocess, review.matchToJob, review.createJob,
  // jobs.create adopting a field job),
  // with the job they decide on and the approvals an edit or a match changes.
  'src-main/core/jobs/edit-lines.ts',
  'src-main/core/jobs/void-job.ts',
  'src-main/core/jobs/review-match.ts',
  'src-main/core/jobs/review-ways-out.ts',
  'src-main/core/jobs/decision-job.ts',
  'src-main/core/approvals/approval-changes.repo.ts',
  // Beside them: the desktop tray's jobs waiting for approval, and a stored photo's row (attachments.get).
  'src-main/core/jobs/attention.ts',
  'src-main/core/jobs/job-attachments.ts',
  // The approval decisions (approvals.approve, approvals.approveMany, approvals.sendBack) in one
  // withTransaction each, and the office users' PIN checks and lockouts they start with.
  'src-main/core/approvals/decisions.ts',
  'src-main/core/approvals/approve-many.ts',
  'src-main/core/approvals/approver-auth.ts',
  // The Dispatch screen's writers (a new job, jobs.update): checks, job row, estimate lines and
  // event in one withTransaction (job-dispatch.ts, their synchronous forms, is gone).
  'src-main/core/dispatch/dispatch-writes.ts',
  'src-main/core/dispatch/job-fields.ts',
  // Exports on withTransaction: the plan's reads, the batch with its jobs, statuses, events and
  // owed receipts in one commit, and the invoice numbers (the company row / PostgreSQL's sequence).
  'src-main/core/exports/batches.repo.ts',
  'src-main/core/exports/export-batches.ts',
  'src-main/core/exports/export-plan.ts',
  'src-main/core/exports/invoice-source.ts',
  'src-main/core/exports/invoice-source.repo.ts',
  'src-main/core/exports/invoice-numbers.repo.ts',
  // The CSV imports of customers, the price book and jobs (imports.preview, imports.commit): checked
  // again and written in one withTransaction; payments stay on import-service's sync path.
  'src-main/core/setup/catalog-writes.repo.ts',
  'src-main/core/imports/customers-import.ts',
  'src-main/core/imports/price-book-import.ts',
  'src-main/core/imports/jobs-import.ts',
  // The payments import (imports.commit for payments, closeout import payments): checked again and
  // written in one withTransaction, as the other imports (import-service has no synchronous kind left).
  'src-main/core/imports/import-service.ts',
  'src-main/core/payments/payments-import.ts',
  'src-main/core/payments/payments.repo.ts',
  // Receipts owed and paid (the outbox; the files written after the commit, checked again after
  // writing) on either engine, and the inbox's own: a new closeout's receipt, and the receipts
  // folder each scan puts right (receipt-owner.ts); receipts.repo.ts, their synchronous reads, is gone.
  'src-main/core/receipts/receipt-outbox.ts',
  'src-main/core/receipts/receipt-rows.repo.ts',
  'src-main/core/receipts/receipts.ts',
  'src-main/core/receipts/receipt-owner.ts',
  // A rebuild from the archive settling its jobs from their receipts, in one withTransaction.
  'src-main/core/rebuild/settle-from-receipts.ts',
  // An invoice packet's data (packets.write, mail.sendPacket, closeout packet): what the PDF prints.
  'src-main/core/packets/packet-data.ts',
  // The Settings screen's own sections (sign-in, second seat, accounting names, folders) read and
  // saved with their audit entry in one withTransaction; the Exports screen's settings and names;
  // the audit of every settings save; who a job's packet is mailed to.
  'src-main/core/settings/settings-view.ts',
  'src-main/core/settings/settings-update.ts',
  'src-main/core/settings/settings-audit.ts',
  'src-main/core/settings/export-settings.ts',
  'src-main/core/mail/recipients.ts',
  // The inbox's ingest on withTransaction: a group of closeouts (job, submission, lines,
  // attachments, the rules' verdict, events) and their inbox rows in one commit; the inbox's
  // bookkeeping of each folder it has seen.
  'src-main/core/inbox/ingest-commit.ts',
  'src-main/core/inbox/bundles.repo.ts',
  // The setup file (setup import / export, and the Settings screen's company, customers,
  // technicians, job types… that save through it) in one withTransaction; the next invoice
  // number raises PostgreSQL's sequence; the demo office's setup and defaults.
  'src-main/core/setup/setup-import.ts',
  'src-main/core/setup/setup-apply.ts',
  'src-main/core/setup/setup-export.ts',
  'src-main/core/setup/setup-money.ts',
  'src-main/core/setup/setup-rows.repo.ts',
  'src-main/core/setup/demo.ts',
  // The accounting names of lines (Settings, the setup file, the demo's defaults): its last
  // synchronous writers went with the setup file's.
  'src-main/core/settings/accounting-mappings.repo.ts',
  // The dashboard's summary of the log (its fold, and the refold of an office opened with another
  // version's), and the office's own events (a restore, a move to PostgreSQL).
  'src-main/core/metrics/metrics.repo.ts',
  'src-main/core/lifecycle/office-log.ts',
  // A job's estimate rows: their one writer (Dispatch, the setup file) on withTransaction.
  'src-main/core/jobs/estimate-lines.repo.ts',
  // The jobs table's writers, and a submission's rules context and lines: the evaluation that
  // the ingest, the office's edits and the decisions run inside their transaction.
  'src-main/core/jobs/job-rows.repo.ts',
  'src-main/core/lifecycle/rules-context.ts',
  'src-main/core/lifecycle/submission-lines.ts',
  // Closeouts as stored: the submission, its lines and attachments, the rules' pricing of them.
  'src-main/core/jobs/submissions.repo.ts',
  // The demo office's twelve weeks of history: what happens between two exports in one
  // withTransaction, its events appended in one go; with it the synchronous forms it alone still
  // used (an approval's row, the catalog's taxability and address lookups) went.
  'src-main/core/setup/demo-history-writer.ts',
  'src-main/core/approvals/approval-rows.repo.ts',
  'src-main/core/setup/catalog.repo.ts',
  // The office's sign-in: the first admin (count and insert in one withTransaction), the sign-in
  // screen, who a session is (session-user.ts), the last-admin check (office-users.ts) and the
  // office users' PIN throttle rows.
  'src-main/core/auth/first-admin.ts',
  'src-main/core/auth/office-users.ts',
  'src-main/core/auth/sign-in-screen.ts',
  'src-main/core/auth/session-user.ts',
  'src-main/core/auth/pin-throttle.repo.ts',
  // The event log (append in withTransaction, a job's events, the chain check): its sync forms are gone.
  'src-main/core/lifecycle/event-log.ts',
  // The settings table's reader and writer, and with them the mail and money settings' sync forms.
  'src-main/core/settings/settings-store.ts',
]

describe('the synchronous compile-and-run path only shrinks (issue #17)', () => {
  const onPath = files.filter((f) => usesSyncPath(f.text)).map((f) => f.path)

  it('has no file on the synchronous path that is not on the list', () => {
    expect(onPath.filter((p) => !STILL_SYNC.includes(p) && !(p in SQLITE_OWN))).toEqual([])
  })

  it('lists no file that has left the path (take it off the list)', () => {
    expect([...STILL_SYNC, ...Object.keys(SQLITE_OWN)].filter((p) => !onPath.includes(p))).toEqual([])
    expect(STILL_SYNC.filter((p) => p in SQLITE_OWN)).toEqual([])
  })

  it('never lets a converted file back on the path', () => {
    expect(CONVERTED.filter((p) => STILL_SYNC.includes(p) || onPath.includes(p))).toEqual([])
    expect(CONVERTED.filter((p) => !files.some((f) => f.path === p))).toEqual([])
  })

  it('recognises the path in its forms (a multi-line import, an alias, a better-sqlite3 transaction)', () => {
    expect(usesSyncPath(`import {\n  type Sqlite,\n  first,\n} from '../db/connection'`)).toBe(true)
    expect(usesSyncPath(`import { run as exec } from './connection'`)).toBe(true)
    expect(usesSyncPath(`office.sqlite.transaction(() => {})()`)).toBe(true)
    expect(usesSyncPath(`import { type Sqlite, sql } from '../db/connection'`)).toBe(false)
    expect(usesSyncPath(`await office.db.selectFrom('jobs').selectAll().execute()`)).toBe(false)
  })
})
