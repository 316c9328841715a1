import { expect, test } from '@playwright/test'
import { officeCall } from './support/office-api'
import {
  expectNoSeriousA11yViolations,
  openScreen,
  serveDemoWithCloseouts,
  serveForFile,
  signAs,
} from './support/office-session'

const office = serveForFile(serveDemoWithCloseouts)

test('job detail shows priced lines, totals, photos and the timeline', async ({ page }) => {
  await openScreen(page, office, '#/jobs/J-1043')
  await expect(page.getByRole('heading', { name: 'J-1043 · Maple Grove Apartments' })).toBeVisible()
  await expect(page.getByRole('table', { name: 'Priced lines' })).toContainText('45/5 MFD dual run capacitor')
  await expect(page.getByTestId('totals')).toContainText('$277.92')
  await expect(page.getByRole('region', { name: 'Timeline' })).toContainText('Closeout received from the field')
  await expect(page.getByRole('region', { name: 'Signature' })).toContainText('Ellen Carter')
  // The technician added the phone's GPS fix: where and when, and a map to open.
  const where = page.getByTestId('closeout-location')
  await expect(where).toContainText('Closed at 42.04731, -87.68452 (±9 m) ·')
  await expect(where.getByRole('link', { name: 'Open map' })).toHaveAttribute(
    'href',
    'https://www.openstreetmap.org/?mlat=42.04731&mlon=-87.68452#map=18/42.04731/-87.68452',
  )

  await page.getByRole('button', { name: /Open Before photo 1/ }).click()
  await expect(page.getByRole('dialog').locator('img')).toHaveAttribute('src', /^data:image\/jpeg;base64,/)
  await page.keyboard.press('ArrowRight')
  await expect(page.getByRole('dialog')).toContainText('After · 2 of 2')
  await expectNoSeriousA11yViolations(page)
})

test('a closeout sent without a GPS fix shows no location', async ({ page }) => {
  await openScreen(page, office, '#/jobs/J-1045')
  await expect(page.getByRole('region', { name: 'Work performed' })).toContainText('Completed')
  await expect(page.getByTestId('closeout-location')).toHaveCount(0)
})

test('editing a line changes the total and records who did it', async ({ page }) => {
  // The install whose serial-plate photo never arrived: waiting for the office to sort it out.
  await openScreen(page, office, '#/jobs/J-1049')
  await expect(page.getByRole('region', { name: 'Findings' })).toContainText('serial-plate photo')
  await page.getByRole('button', { name: 'Edit lines' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('Line 1 quantity').fill('1.5')
  await signAs(page, 'Dana Kim (billing)', '2468')
  await dialog.getByRole('button', { name: 'Save changes' }).click()
  await expect(page.getByRole('status')).toContainText('1 change saved')
  await expect(page.getByRole('table', { name: 'Priced lines' })).toContainText('Edited in office')
  await expect(page.getByRole('region', { name: 'Timeline' })).toContainText('1 line edit in the office')
  const closeout = await officeCall<{ closeout: { lines: { quantity: string; edited: boolean }[] } }>(
    office,
    'jobs.closeout',
    { jobId: 'J-1049' },
  )
  expect(closeout.closeout.lines[0]).toMatchObject({ quantity: '1.5', edited: true })
})
