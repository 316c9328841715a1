import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { officeCall } from './support/office-api'
import {
  expectNoSeriousA11yViolations,
  openScreen,
  serveDemoWithCloseouts,
  serveForFile,
} from './support/office-session'

const office = serveForFile(async () => {
  const served = await serveDemoWithCloseouts()
  // The demo's trip charge needs its QuickBooks Online name before the batch can be exported.
  await officeCall(served, 'exports.settings.update', {
    items: [{ kind: 'adjustment', ref: 'trip-charge', qbo: 'Services:Trip charge', xero: 'TRIP', iif: 'Trip charge' }],
  })
  return served
})

interface BatchView {
  id: number
  totalCents: number
  files: { name: string; path: string }[]
  jobs: { jobId: string; invoiceNumber: string }[]
}

test('at 1280x800: the batch is shown before the export, then saved, imported step by step and confirmed', async ({
  page,
}) => {
  await openScreen(page, office, '#/exports')
  const preview = page.getByRole('table', { name: 'Invoices in this batch' })
  await expect(preview.getByRole('row')).toHaveCount(3 + 2)
  for (const job of ['J-1043', 'J-1045', 'J-1047']) await expect(preview).toContainText(job)
  await expect(preview).toContainText('INV-1042')
  await expect(preview.getByRole('link', { name: 'J-1043' })).toHaveAttribute('href', '#/jobs/J-1043')
  const previewTotal = await page.getByTestId('batch-preview-total').innerText()
  expect(previewTotal).toMatch(/^\$[\d,]+\.\d\d$/)

  await page.getByRole('button', { name: 'Export 3 invoices' }).click()
  const handoff = page.getByRole('region', { name: 'Batch 1: import into QuickBooks Online (CSV)' })
  await expect(handoff).toBeVisible()
  const [batch] = await officeCall<BatchView[]>(office, 'exports.batches', {})
  // The steps carry this batch's own numbers to compare in QuickBooks.
  const steps = handoff.getByRole('list', { name: 'Steps to import into QuickBooks Online (CSV)' })
  await expect(steps).toContainText('Gear > Import data > Invoices')
  await expect(steps).toContainText(`QuickBooks should show 3 invoices (INV-1042 to INV-1044), ${previewTotal} in all.`)
  await expect(steps).toContainText(batch!.files[0]!.name)
  await expect(page.getByText('docs/exports.md')).toHaveCount(0)

  // Save as… in a browser is a download of exactly the batch file.
  const downloading = page.waitForEvent('download')
  await handoff.getByRole('button', { name: `Save ${batch!.files[0]!.name} as…` }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toBe(batch!.files[0]!.name)
  expect(readFileSync((await download.path())!).equals(readFileSync(batch!.files[0]!.path))).toBe(true)
  await expectNoSeriousA11yViolations(page)

  await handoff.getByRole('button', { name: 'Mark as imported' }).click()
  await expect(handoff).toContainText(`QuickBooks Online (CSV) shows all 3 invoices and ${previewTotal} in all`)
  await handoff.getByRole('button', { name: 'Not yet' }).click()
  await expect(handoff.getByRole('button', { name: 'Yes, I imported it' })).toHaveCount(0)
  await handoff.getByRole('button', { name: 'Mark as imported' }).click()
  await handoff.getByRole('button', { name: 'Yes, I imported it' }).click()
  await expect(handoff.getByRole('status')).toContainText('Imported: confirmed by')
  await expect(page.getByTestId('batch-1')).toContainText('Imported:')
  const [after] = await officeCall<(BatchView & { importedAt: string | null })[]>(office, 'exports.batches', {})
  expect(after!.importedAt).not.toBeNull()
})

test('at 1024x700: the import steps reopen from the history, and Open packet shows the PDF in a new tab', async ({
  page,
  context,
}) => {
  await page.setViewportSize({ width: 1024, height: 700 })
  await openScreen(page, office, '#/exports')
  await page.getByRole('button', { name: 'Import steps for batch 1' }).click()
  const handoff = page.getByRole('region', { name: 'Batch 1: import into QuickBooks Online (CSV)' })
  await expect(handoff).toBeInViewport()
  await expect(handoff.getByRole('button', { name: /^Save .* as…$/ })).toBeVisible()
  await expectNoSeriousA11yViolations(page)

  await page.addInitScript(() => {
    const made = new Map<string, Blob>()
    ;(window as unknown as { madeBlobs: Map<string, Blob> }).madeBlobs = made
    const create = URL.createObjectURL.bind(URL)
    URL.createObjectURL = (blob: Blob) => {
      const url = create(blob)
      made.set(url, blob)
      return url
    }
  })
  await openScreen(page, office, '#/jobs/J-1043')
  const opening = context.waitForEvent('page')
  await page.getByRole('button', { name: 'Open packet' }).click()
  const tab = await opening
  await tab.waitForURL(/^blob:/)
  // The page's CSP keeps fetch() away from blob: URLs, so the bytes the tab shows are read from the Blob the page made.
  const shown = await page.evaluate(async (url) => {
    const blob = (window as unknown as { madeBlobs: Map<string, Blob> }).madeBlobs.get(url)
    return blob ? { type: blob.type, head: await blob.slice(0, 5).text() } : null
  }, tab.url())
  expect(shown).toEqual({ type: 'application/pdf', head: '%PDF-' })
  await expect(page.getByRole('status').filter({ hasText: 'Packet opened in a new tab' })).toBeVisible()
})
