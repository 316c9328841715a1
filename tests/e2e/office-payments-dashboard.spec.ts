import { expect, test, type Page } from '@playwright/test'
import { all } from '../../src-main/core/db/connection'
import { runExport } from '../../src-main/core/exports/export-batches'
import { sendBatch } from '../../src-main/core/mail/send-batch'
import { openOffice } from '../../src-main/core/office'
import { importSetup } from '../../src-main/core/setup/setup-import'
import { addScenarioJobs, EXPORT_NOW } from '../support/export-scenario'
import { mapAdjustments } from '../support/invoice-builder'
import { saveSmtpSettings, smtpCatcher, type SmtpCatcher } from '../support/smtp-catcher'
import { demoSetup } from '../support/temp-office'
import { expectNoSeriousA11yViolations, openScreen, serveForFile } from './support/office-session'
import { serveOffice } from './support/serve'

test.describe.configure({ mode: 'serial' })

let catcher: SmtpCatcher
test.beforeAll(async () => {
  catcher = await smtpCatcher()
})
test.afterAll(async () => catcher.close())

/** Invoice totals as exported (cents), read from the office before it is served. */
const totals = new Map<string, number>()

// Three jobs completed 23-24 Nov, exported 25 Nov (batch 1), and every packet e-mailed to a real
// SMTP server on 127.0.0.1: each job's clock stops at its send.
const office = serveForFile(() =>
  serveOffice([], async ({ dataDir, sharedDir }) => {
    const o = await openOffice({ dataDir, sharedDir })
    await importSetup(o, demoSetup())
    mapAdjustments(o)
    await addScenarioJobs(o)
    await (
      await runExport(o, { format: 'qbo-csv', outDir: `${dataDir}/out`, user: 'U-1' }, EXPORT_NOW)
    ).receipts
    await saveSmtpSettings(o, catcher.port, { from: 'billing@northsidehvac.example' })
    const sent = await sendBatch(o, 1, { actor: 'U-1' })
    if (sent.sent !== 3) throw new Error(`expected 3 packets sent, got ${JSON.stringify(sent)}`)
    for (const r of all(
      o.sqlite,
      o.db.selectFrom('jobs').select(['invoice_number', 'total_cents']).where('status', '=', 'invoiced'),
    ))
      totals.set(r.invoice_number!, r.total_cents!)
    await o.close()
  }),
)

const money = (cents: number) => (cents / 100).toFixed(2)

/** Body rows of the dashboard's tables taller than one line of text (a name or figure wrapped). */
async function wrappedRows(page: Page): Promise<string[]> {
  return page.locator('#main-content').evaluate((main) =>
    [...main.querySelectorAll('table tbody tr')]
      .filter((row) =>
        [...row.querySelectorAll('td')].some((td) => {
          // The tops of the cell's text lines: two tops more than half a line apart is a wrap.
          const tops: number[] = []
          const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT)
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const range = document.createRange()
            range.selectNodeContents(node)
            for (const r of range.getClientRects()) if (r.width > 0) tops.push(r.top)
          }
          return tops.length > 0 && Math.max(...tops) - Math.min(...tops) > 10
        }),
      )
      .map((row) => `${row.closest('table')?.getAttribute('aria-label')}: ${row.textContent}`)
      // The stage names of "Where the time goes" (a narrow list beside the chart) too.
      .concat(
        [...main.querySelectorAll<HTMLElement>('[data-testid="stage-name"]')]
          .filter((name) => name.getClientRects().length > 0 && name.getBoundingClientRect().height > 30)
          .map((name) => `Where the time goes: ${name.textContent}`),
      ),
  )
}

test('imported payments show as days to pay and DSO beside the completed → sent clock', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await openScreen(page, office, '#/dashboard')
  // The week the three jobs were exported in, whatever today is.
  await page.getByLabel('To', { exact: true }).fill('2026-11-29')

  const headline = page.getByRole('button', { name: /^Invoiced in the week of Nov 23: show 3 jobs$/ })
  await expect(headline).toContainText('Median cycle · week of Nov 23')
  await expect(headline.getByTestId('tile-caption')).toHaveText('completed → sent')
  const payments = page.getByRole('region', { name: 'Days to pay and DSO' })
  await expect(payments).toContainText('No payments imported yet')
  await expect(payments.getByRole('link', { name: 'Dispatch › Import' })).toBeVisible()
  await page.screenshot({ path: testInfo.outputPath('dashboard-before.png') })

  // Dispatch > Import > Payments: preview, then import.
  await payments.getByRole('link', { name: 'Dispatch › Import' }).click()
  await page.getByText('Payments', { exact: true }).click()
  expect(totals.size).toBe(3)
  const csv = [
    'invoiceNumber,paidDate,amountPaid',
    `INV-1042,2026-11-27,${money(totals.get('INV-1042')!)}`,
    `INV-1044,2026-11-26,${money(totals.get('INV-1044')! - 1000)}`,
    'INV-1044,2026-11-28,10.00',
    '',
  ].join('\n')
  await page
    .locator('input[type="file"]')
    .setInputFiles({ name: 'payments.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
  const preview = page.getByRole('table', { name: 'Import preview' })
  await expect(preview.locator('tbody tr')).toHaveCount(3)
  await page.screenshot({ path: testInfo.outputPath('import-preview.png') })
  await page.getByRole('button', { name: 'Import 3 rows' }).click()
  await expect(page.getByRole('status')).toContainText('3 created')

  await openScreen(page, office, '#/dashboard')
  await page.getByLabel('To', { exact: true }).fill('2026-11-29')
  await expect(headline.getByTestId('tile-caption')).toHaveText('completed → sent')
  await expect(payments).toContainText(/From the payments you imported, as of \d{4}-\d{2}-\d{2}/)
  // INV-1042 paid in 2 days, INV-1044 in 3 (two payments add up): mean 2.5 days, both within Net 30.
  await expect(payments).toContainText('mean 2.5 days · 2 invoices paid in full')
  await expect(payments).toContainText('2 of 2 within Net')
  await expect(payments.getByRole('table', { name: 'Days to pay by customer' }).locator('tbody tr')).toHaveCount(2)
  await expect(
    payments.getByRole('table', { name: 'Days to pay by job type' }).locator('tbody tr').first(),
  ).toBeVisible()
  const trend = payments.getByRole('table', { name: 'DSO trend' })
  await expect(trend.locator('tbody tr').last()).toContainText('Nov 29')
  // The range opens twelve weeks back, before the first invoice (Nov 25): those month ends have no
  // DSO to give ("no data"), not a DSO of 0 days.
  const before = trend.locator('tbody tr', { hasText: 'Oct 31' })
  await expect(before).toContainText('no data')
  await expect(before).not.toContainText('0 days')
  await expect(trend.locator('tbody tr').last()).not.toContainText('no data')
  // Names and figures keep to one line in the narrow tables, at both window sizes.
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 1024, height: 700 },
  ]) {
    await page.setViewportSize(viewport)
    expect(await wrappedRows(page), `at ${viewport.width}px`).toEqual([])
    // ...and whole, not a few letters and an ellipsis.
    const cut = await payments
      .locator('tbody td')
      .evaluateAll((cells) =>
        cells.flatMap((td) =>
          [td, ...td.querySelectorAll<HTMLElement>('*')]
            .filter((el) => el.scrollWidth > el.clientWidth + 1)
            .map((el) => el.textContent),
        ),
      )
    expect(cut, `at ${viewport.width}px`).toEqual([])
  }
  await page.setViewportSize({ width: 1280, height: 800 })
  await payments.scrollIntoViewIfNeeded()
  await page.screenshot({ path: testInfo.outputPath('dashboard-paid.png') })
  const height = await page.locator('#main-content').evaluate((el) => el.scrollHeight)
  await page.setViewportSize({ width: 1280, height: height + 56 })
  await page.screenshot({ path: testInfo.outputPath('dashboard-full.png') })
  await page.setViewportSize({ width: 1280, height: 800 })

  await expectNoSeriousA11yViolations(page)
})
