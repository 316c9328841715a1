import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { waitForEmptyInbox } from './support/office-api'
import { expectNoSeriousA11yViolations, openScreen, serveForFile } from './support/office-session'
import { serveOffice } from './support/serve'

// `serve --demo` brings twelve weeks of history and the last two days' closeouts (src-main/core/setup/demo.ts).
const office = serveForFile(async () => {
  const served = await serveOffice(['--demo'])
  // The demo's closeouts are in the inbox as the server starts: wait until the watcher has taken them in.
  await waitForEmptyInbox(served, 30_000)
  return served
})

test('the dashboard shows cycle time, stages, tables and the jobs behind a figure', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 })
  await openScreen(page, office, '#/dashboard')

  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()
  await expect(page.getByText('Touches per invoice', { exact: true })).toBeVisible()
  await expect(page.getByRole('figure', { name: /Median cycle time per week/ })).toBeVisible()
  const techs = page.getByRole('table', { name: 'By technician' })
  await expect(techs.locator('tbody tr')).toHaveCount(3)
  await expect(techs).toContainText('Marcus Bell')
  // Four job types, and "No job type" for the closeout that named a job the office does not know.
  await expect(page.getByRole('table', { name: 'By job type' }).locator('tbody tr')).toHaveCount(5)
  // The demo sends no packet from Closeout and has imported no payment.
  await expect(page.getByTestId('tile-caption')).toHaveText('completed → exported')
  await expect(page.getByRole('region', { name: 'Days to pay and DSO' })).toContainText('No payments imported yet')
  // The screen scrolls inside the app shell: grow the window to the content for a whole-page picture.
  const height = await page.locator('#main-content').evaluate((el) => el.scrollHeight)
  await page.setViewportSize({ width: 1440, height: height + 56 })
  // docs/screenshots/dashboard.png comes from `npm run screenshots`; this whole-page one is for review.
  await page.screenshot({ path: testInfo.outputPath('dashboard-full.png') })

  await page.getByRole('button', { name: /^Invoiced in the week of .*: show \d+ jobs?$/ }).click()
  const drawer = page.getByRole('table', { name: 'Jobs behind the figure' })
  await expect(drawer.locator('tbody tr').first()).toBeVisible()
  await expect(drawer.locator('tbody tr a').first()).toHaveAttribute('href', /#\/jobs\/J-\d{4}/)
  // The drawer's title bar is not a second banner landmark beside the office's header.
  await expect(page.getByRole('banner')).toHaveCount(1)
})

test('a technician table downloads as CSV', async ({ page }) => {
  await openScreen(page, office, '#/dashboard')
  const section = page.getByRole('table', { name: 'By technician' })
  await expect(section).toBeVisible()

  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Download CSV' }).first().click()
  const file = await download
  const path = await file.path()
  const text = readFileSync(path, 'utf8')

  expect(file.suggestedFilename()).toMatch(/^closeout-technicians-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/)
  expect(text.split('\r\n')[0]).toBe(
    'Technician,Id,Received,Invoiced,Median cycle (hours),First-time-right,Ready,First-time-right rate,Send-backs,Touches,Touches per invoice,Disputed,Jobs',
  )
  expect(text).toContain('Marcus Bell,T-09,')
})

test('a narrower range changes the weeks on the chart', async ({ page }) => {
  await openScreen(page, office, '#/dashboard')
  const bars = page.getByRole('figure', { name: /Median cycle time per week/ }).getByRole('button')
  await expect(bars).toHaveCount(12)

  await page.getByText('4 weeks', { exact: true }).click()

  await expect(bars).toHaveCount(4)
})

test('an invoiced job is marked disputed from the jobs behind a figure', async ({ page }) => {
  await openScreen(page, office, '#/dashboard')
  const before = await page.getByText(/\d+ of \d+ invoices/).textContent()

  await page.getByRole('button', { name: /^Invoiced in the week of .*: show \d+ jobs?$/ }).click()
  const row = page
    .getByRole('table', { name: 'Jobs behind the figure' })
    .locator('tbody tr')
    .filter({ has: page.getByRole('button', { name: 'Mark disputed' }) })
    .first()
  const jobId = await row.getAttribute('data-job-id')
  await row.getByRole('button', { name: 'Mark disputed' }).click()
  await page.getByLabel(`Why does the customer dispute ${jobId}?`).fill('Customer never received the invoice')
  await page.getByRole('button', { name: 'Save dispute' }).click()

  await expect(page.locator(`tr[data-job-id="${jobId}"]`)).toContainText('Disputed')
  await page.keyboard.press('Escape')
  await expect(page.getByText('Customer never received the invoice')).toBeVisible()
  await expect(page.getByText(/\d+ of \d+ invoices/)).not.toHaveText(before!)
})

test('the dashboard has no serious accessibility violations', async ({ page }) => {
  await openScreen(page, office, '#/dashboard')
  await expect(page.getByRole('table', { name: 'By technician' })).toBeVisible()

  await expectNoSeriousA11yViolations(page)
})
