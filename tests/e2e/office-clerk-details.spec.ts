import { expect, test } from '@playwright/test'
import {
  expectNoSeriousA11yViolations,
  openScreen,
  serveDemoWithCloseouts,
  serveForFile,
} from './support/office-session'
import { axeOnStillScreen } from './support/axe'
import { OFFICE_SIZES } from './support/each-size'

const office = serveForFile(serveDemoWithCloseouts)

test('a labor line the technician left without words reads as its role, and Edit lines shows its price', async ({
  page,
}) => {
  await openScreen(page, office, '#/jobs/J-1050')
  const lines = page.getByRole('table', { name: 'Priced lines' })
  const labor = lines.locator('tr[data-line="1"]')
  await expect(labor).toContainText('Journeyman technician')
  await expect(labor).toContainText('125.00')

  await page.getByRole('button', { name: 'Edit lines' }).click()
  const dialog = page.getByRole('dialog')
  // The price the rules charged, not the words "Price book".
  await expect(dialog.getByLabel('Line 1 unit price')).toHaveAttribute('placeholder', '125.00')
  await expect(dialog.getByLabel('Line 2 unit price')).not.toHaveAttribute('placeholder', 'Price book')
  await expect(dialog.getByLabel('Line 1 description')).toHaveValue('Journeyman technician')
  await expectNoSeriousA11yViolations(page)
})

test('New job says what is missing in its own words, not in the browser bubble', async ({ page }) => {
  await openScreen(page, office, '#/dispatch')
  const form = page.getByRole('form', { name: 'New job' })
  await form.getByRole('button', { name: 'Create job' }).click()
  await expect(form).toContainText('Choose a customer')
  await expect(form).toContainText('Choose a job type')
  expect(await form.evaluate((f: HTMLFormElement) => f.noValidate)).toBe(true)
  await expectNoSeriousA11yViolations(page)
})

for (const viewport of OFFICE_SIZES) {
  test(`at ${viewport.width}x${viewport.height} job-type names are not cut off in Settings`, async ({ page }) => {
    await page.setViewportSize(viewport)
    await openScreen(page, office, '#/settings/job-types')
    const names = page.getByLabel(/^Job type \d+ name$/)
    await expect(names.first()).toBeVisible()
    for (const input of await names.all()) {
      const { scroll, client, value } = await input.evaluate((el: HTMLInputElement) => ({
        scroll: el.scrollWidth,
        client: el.clientWidth,
        value: el.value,
      }))
      expect(scroll, `"${value}" fits its field`).toBeLessThanOrEqual(client)
    }
    await expectNoSeriousA11yViolations(page)
  })
}

test('the missing-signature warning and its finding read at 4.5:1 or better', async ({ page }) => {
  await openScreen(page, office, '#/jobs/J-1044')
  await expect(page.getByRole('region', { name: 'Findings' })).toContainText(/sign/i)
  const contrast = await axeOnStillScreen(page, ['color-contrast'])
  const failing = contrast.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`))
  expect(failing).toEqual([])
})
