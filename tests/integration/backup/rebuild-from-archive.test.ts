import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { approveJob } from '../../../src-main/core/approvals/decisions'
import { payOwedReceipts } from '../../../src-main/core/receipts/receipt-outbox'
import { verifyEventLogIn } from '../../../src-main/core/lifecycle/event-log'
import type { Sqlite } from '../../../src-main/core/db/connection'
import { runExport } from '../../../src-main/core/exports/export-batches'
import { CloseoutError } from '../../../src-main/core/errors'
import { openOffice, type SqliteOffice } from '../../../src-main/core/office'
import { exportSetup } from '../../../src-main/core/setup/setup-export'
import { runCli } from '../../support/run-cli'
import { demoOffice } from './demo-office'

interface JobFacts {
  id: string
  status: string
  total_cents: number | null
  invoice_number: string | null
  current_submission_id: string | null
  customer_id: string | null
  technician_id: string | null
}

/** The jobs the shared folder's archive can tell about: every job with a bundle in archive/. */
function archivedJobs(sqlite: Sqlite): Map<string, JobFacts> {
  const rows = sqlite
    .prepare(
      `SELECT id, status, total_cents, invoice_number, current_submission_id, customer_id, technician_id FROM jobs
        WHERE id IN (SELECT job_id FROM submissions WHERE archived_path IS NOT NULL) ORDER BY id`,
    )
    .all() as JobFacts[]
  return new Map(rows.map((r) => [r.id, r]))
}

/** The jobs a new export batch bills, or none when nothing is invoice-ready. */
async function exportIfAny(office: SqliteOffice): Promise<{ job_id: string; invoice_number: string }[]> {
  try {
    const { batch } = await runExport(office, { format: 'qbo-csv', user: 'U-1', skipBlocked: true })
    return office.sqlite
      .prepare('SELECT job_id, invoice_number FROM export_batch_jobs WHERE batch_id = ?')
      .all(batch.id) as { job_id: string; invoice_number: string }[]
  } catch (error) {
    if (error instanceof CloseoutError && error.code === 'nothing-to-export') return []
    throw error
  }
}

const APPROVED = 'J-1050'

describe('rebuild from the shared folder when there is no backup', () => {
  it('gives the demo its jobs, totals and statuses back; exported ones come back invoiced with their numbers', async () => {
    const { office, folders } = await demoOffice()
    try {
      const exported = await runExport(office, { format: 'qbo-csv', user: 'U-1', skipBlocked: true })
      await exported.receipts
      // An approval after the export: it lives only in the database, so the rebuild must say so.
      await approveJob(office, { jobId: APPROVED, userId: 'U-2', pin: '1357' })
      await payOwedReceipts(office)
      const before = archivedJobs(office.sqlite)
      const setupFile = join(folders.root, 'setup.json')
      writeFileSync(setupFile, JSON.stringify(await exportSetup(office)))
      await office.close()

      // The PC died: a new data folder, the setup file, and the same shared folder.
      const dataDir = join(folders.root, 'new-pc')
      const base = ['--data', dataDir, '--shared', folders.sharedDir]
      expect(runCli([...base, 'setup', 'import', setupFile]).code).toBe(0)
      // Issue #12: statuses and invoice numbers come back by an admin's hand; refusals change nothing
      // (the run that follows would refuse an office that already holds closeouts).
      for (const [who, message] of [
        [[], /^closeout: A rebuild changes the office: say who you are with --as USER --pin PIN\n$/],
        [['--as', 'U-1', '--pin', '0000'], /^closeout: Wrong PIN for Dana Kim \(billing\) \(4 tries left/],
        [
          ['--as', 'U-2', '--pin', '1357'],
          /^closeout: Only an admin may run a rebuild: Lee Park \(supervisor\) is not an admin\n$/,
        ],
      ] as [string[], RegExp][]) {
        const r = runCli([...base, 'rebuild', '--from-archive', ...who])
        expect(r.code, who.join(' ')).toBe(1)
        expect(r.stderr).toMatch(message)
        expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
      }
      const rebuilt = runCli([...base, 'rebuild', '--from-archive', '--as', 'U-1', '--pin', '2468'])
      expect(rebuilt.stderr).toBe('')
      expect(rebuilt.code).toBe(0)
      expect(rebuilt.stdout).toMatch(new RegExp(`Re-ingested ${before.size === 0 ? 0 : '\\d+'} bundles`))
      expect(rebuilt.stdout).toMatch(new RegExp(`decide again .*${APPROVED} was invoice-ready, now needs-approval`))
      expect(rebuilt.stdout).toMatch(/Cannot come back: approvals.*export batches.*invoice numbers/)
      // Imported payments live only in the database: the report says so in one line.
      expect(rebuilt.stdout).toMatch(/^Payments are not in the shared folder: import them again/m)

      const again = await openOffice({ dataDir, sharedDir: folders.sharedDir })
      try {
        const after = archivedJobs(again.sqlite)
        expect([...after.keys()]).toEqual([...before.keys()])
        const invoiced = [...before.values()].filter((j) => j.invoice_number !== null)
        expect(invoiced.length).toBeGreaterThan(0)
        expect(invoiced.length).toBeLessThan(before.size)
        for (const original of before.values()) {
          const now = after.get(original.id)!
          if (original.id === APPROVED) {
            expect(now, 'the approval cannot come back').toEqual({ ...original, status: 'needs-approval' })
          } else if (original.invoice_number !== null) {
            expect(now, `${original.id} was exported`).toMatchObject({
              status: 'invoiced',
              invoice_number: original.invoice_number,
              total_cents: original.total_cents,
            })
          } else {
            expect(now, `${original.id} was not exported`).toEqual(original)
          }
        }
        // Marked, so anyone looking at a rebuilt job sees where it came from.
        const marked = again.sqlite
          .prepare(`SELECT DISTINCT job_id FROM job_events WHERE type = 'rebuilt-from-archive' ORDER BY job_id`)
          .all() as { job_id: string }[]
        expect(marked.map((m) => m.job_id)).toEqual([...before.keys()])
        const actors = again.sqlite
          .prepare(`SELECT DISTINCT actor FROM job_events WHERE type = 'rebuilt-from-archive'`)
          .pluck()
          .all()
        expect(actors).toEqual(['U-1'])
        expect((await verifyEventLogIn(again.db)).ok).toBe(true)
        // Nothing exported before is exported again, and new invoice numbers continue after the old ones.
        const next = await exportIfAny(again)
        const numbers = new Set(invoiced.map((j) => j.invoice_number))
        for (const row of next) {
          expect(before.get(row.job_id)?.invoice_number ?? null, row.job_id).toBeNull()
          expect(numbers.has(row.invoice_number), row.invoice_number).toBe(false)
        }
      } finally {
        await again.close()
      }

      const refused = runCli([...base, 'rebuild', '--from-archive', '--as', 'U-1', '--pin', '2468'])
      expect(refused.code).toBe(1)
      expect(refused.stderr).toMatch(/only into a fresh office/)
    } finally {
      folders.cleanup()
    }
  }, 360_000)
})
