import { expect, test } from '@playwright/test'
import { officeCall } from './support/office-api'
import { expectNoSeriousA11yViolations, openScreen, serveForFile } from './support/office-session'
import { serveDemoCompany } from './support/serve'

const office = serveForFile(serveDemoCompany)

test('a dispatcher creates a job with an estimate and it opens scheduled', async ({ page }) => {
  await openScreen(page, office, '#/dispatch')
  const form = page.getByRole('form', { name: 'New job' })
  await form.getByRole('combobox', { name: 'Customer' }).click()
  await page.getByRole('option', { name: 'Brightside Bakery' }).click()
  await expect(form.getByLabel('Site address')).toHaveValue('510 Main St, Evanston, IL 60202')
  await form.getByRole('combobox', { name: 'Job type' }).click()
  await page.getByRole('option', { name: 'Service repair' }).click()
  await form.getByRole('combobox', { name: 'Technician' }).click()
  await page.getByRole('option', { name: 'Marcus Bell' }).click()
  await form.getByLabel('Scheduled').fill('2026-12-03T09:00')
  await form.getByLabel('Not to exceed').fill('450')
  await form.getByRole('button', { name: 'Add part' }).click()
  await form.getByRole('combobox', { name: 'Estimate line 1 part' }).click()
  await page.getByRole('option', { name: /CAP-45-5/ }).click()
  await form.getByRole('button', { name: 'Add labor' }).click()
  await form.getByLabel('Estimate line 2 quantity').fill('1.5')
  // 38.00 for the capacitor + 1.5 h at the apprentice rate of 75.00
  await expect(form).toContainText('$150.50')
  await expectNoSeriousA11yViolations(page)
  await form.getByRole('button', { name: 'Create job' }).click()

  await expect(page.getByRole('heading', { name: 'J-1062 · Brightside Bakery' })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Timeline' })).toContainText('Job created in Dispatch')
  const job = await officeCall<{ status: string; technician: string; estimate: unknown[]; notToExceed: string }>(
    office,
    'jobs.get',
    { id: 'J-1062' },
  )
  expect(job).toMatchObject({ status: 'scheduled', technician: 'Marcus Bell', notToExceed: '450.00' })
  expect(job.estimate).toHaveLength(2)
})

test('a CSV import marks the bad row by number and reason before writing anything', async ({ page }) => {
  await openScreen(page, office, '#/dispatch/import')
  await page.getByText('Price book', { exact: true }).click()
  const csv = [
    'sku,description,unitPrice,taxable',
    'FLT-14x20,Pleated filter 14x20x1,14.50,yes',
    'FLT-14x24,Pleated filter 14x24x1,twelve,yes',
    'FLT-18x24,Pleated filter 18x24x1,13.00,no',
  ].join('\n')
  await page
    .locator('input[type="file"]')
    .setInputFiles({ name: 'filters.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })

  const preview = page.getByRole('table', { name: 'Import preview' })
  await expect(preview.locator('tr[data-row="3"]')).toContainText('unitPrice: "twelve" is not a price')
  await expect(page.getByRole('alert')).toContainText('1 row has problems')
  await expect(page.getByRole('button', { name: 'Import 2 rows' })).toBeDisabled()
  const before = await officeCall<{ priceBook: { sku: string }[] }>(office, 'dispatch.options', {})
  expect(before.priceBook.map((p) => p.sku)).not.toContain('FLT-14x20')
  await expectNoSeriousA11yViolations(page)

  await page.getByLabel('Leave out the 1 bad row and import the rest').check()
  await page.getByRole('button', { name: 'Import 2 rows' }).click()
  await expect(page.getByRole('status')).toContainText('2 created, 0 updated, 0 unchanged, 1 bad rows left out')
  const after = await officeCall<{ priceBook: { sku: string; unitPrice: string }[] }>(office, 'dispatch.options', {})
  expect(after.priceBook.find((p) => p.sku === 'FLT-14x20')?.unitPrice).toBe('14.50')
  expect(after.priceBook.map((p) => p.sku)).not.toContain('FLT-14x24')
})

test('a dispatcher opens a job in the form, changes its PO number and sees it saved', async ({ page }) => {
  // The job as jobs.form reads it (issue #17's async path) is what the form shows.
  const before = await officeCall<{ poNumber: string | null; siteAddress: string; locked: string | null }>(
    office,
    'jobs.form',
    { id: 'J-1042' },
  )
  await openScreen(page, office, '#/dispatch/J-1042')
  const form = page.getByRole('form', { name: 'Edit job J-1042' })
  await expect(form.getByLabel('Site address')).toHaveValue(before.siteAddress)
  await expect(form.getByLabel('PO number')).toHaveValue(before.poNumber ?? '')
  if (before.locked) await expect(form).toContainText(before.locked)
  await form.getByLabel('PO number').fill('PO-E2E-42')
  await form.getByRole('button', { name: 'Save changes' }).click()
  await expect(page.getByRole('status')).toContainText('J-1042 saved.')
  await expect(form.getByLabel('PO number')).toHaveValue('PO-E2E-42')
  const after = await officeCall<{ poNumber: string | null; siteAddress: string }>(office, 'jobs.form', {
    id: 'J-1042',
  })
  expect(after).toMatchObject({ poNumber: 'PO-E2E-42', siteAddress: before.siteAddress })
})
