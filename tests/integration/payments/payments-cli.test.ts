import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openOffice } from '../../../src-main/core/office'
import { allPayments } from '../../../src-main/core/payments/payment-reads.repo'
import { QBO_TRANSACTIONS_CSV, seedInvoices } from '../../fixtures/payments/history'
import { runCli } from '../../support/run-cli'
import { tempFolders, type TempFolders } from '../../support/temp-office'

let folders: TempFolders

beforeAll(async () => {
  folders = tempFolders()
  const office = await openOffice({ dataDir: folders.dataDir, sharedDir: folders.sharedDir })
  await seedInvoices(office)
  await office.close()
}, 60_000)
afterAll(() => folders.cleanup())

describe('closeout import payments', () => {
  it('refuses a file with a bad row (exit 1, the row named, nothing written), then imports a good one', async () => {
    const bad = join(folders.root, 'bad.csv')
    writeFileSync(bad, 'invoiceNumber,paidDate,amountPaid\nINV-2001,2026-10-21,600.00\nINV-9999,2026-10-22,1.00\n')
    const as = ['--as', 'U-2', '--pin', '1357']
    const refused = runCli(['--data', folders.dataDir, '--shared', folders.sharedDir, 'import', 'payments', bad, ...as])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('row 3: invoiceNumber: no invoice INV-9999 in Closeout')
    expect(refused.stderr).toContain('nothing was written')

    const good = join(folders.root, 'transactions.csv')
    writeFileSync(good, QBO_TRANSACTIONS_CSV)
    // Issue #12: who imports is checked like an office sign-in, before anything is written.
    for (const [who, message] of [
      [[], /^closeout: A payments import changes the office: say who you are with --as USER --pin PIN\n$/],
      [['--as', 'U-2', '--pin', '0000'], /^closeout: Wrong PIN for Lee Park \(supervisor\) \(4 tries left/],
      [['--as', 'U-9', '--pin', '1357'], /^closeout: There is no active office user U-9\n$/],
    ] as [string[], RegExp][]) {
      const r = runCli(['--data', folders.dataDir, '--shared', folders.sharedDir, 'import', 'payments', good, ...who])
      expect(r.code, who.join(' ')).toBe(1)
      expect(r.stderr).toMatch(message)
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    }
    const untouched = await openOffice({ dataDir: folders.dataDir, sharedDir: folders.sharedDir })
    try {
      expect(await allPayments(untouched)).toEqual([])
    } finally {
      await untouched.close()
    }
    const done = runCli([
      '--data',
      folders.dataDir,
      '--shared',
      folders.sharedDir,
      'import',
      'payments',
      good,
      '--json',
      ...as,
    ])
    expect(done.stderr).toBe('')
    expect(done.code).toBe(0)
    const out = JSON.parse(done.stdout) as { preview: { formatLabel: string }; result: { created: number } }
    expect(out.preview.formatLabel).toBe('QuickBooks Online Transaction List by Customer report')
    expect(out.result.created).toBe(5)

    const office = await openOffice({ dataDir: folders.dataDir, sharedDir: folders.sharedDir })
    try {
      expect((await allPayments(office)).reduce((a, p) => a + p.amountCents, 0)).toBe(180_000)
      // Recorded under the user who ran it, not an anonymous 'cli'.
      const actors = office.sqlite
        .prepare(`SELECT DISTINCT actor FROM job_events WHERE type = 'payment-recorded'`)
        .pluck()
        .all()
      expect(actors).toEqual(['U-2'])
    } finally {
      await office.close()
    }
  }, 240_000)
})
