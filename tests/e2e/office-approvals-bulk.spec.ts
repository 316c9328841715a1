import { expect, test } from '@playwright/test'
import { officeCall } from './support/office-api'
import { expectNoSeriousA11yViolations, openScreen, serveDemoWithCloseouts } from './support/office-session'
import { atEachSizeWithItsOwnOffice } from './support/each-size'

// Each size has its own office: the flows below change the jobs they act on.
atEachSizeWithItsOwnOffice(serveDemoWithCloseouts, (office) => {
  test('a supervisor ticks the three waiting jobs and approves them with one PIN', async ({ page }) => {
    await openScreen(page, office, '#/approvals')
    for (const jobId of ['J-1044', 'J-1046', 'J-1050'])
      await page
        .locator(`[data-approval="${jobId}"]`)
        .getByRole('checkbox', { name: `Select ${jobId}` })
        .check()
    await page.getByRole('button', { name: 'Approve 3 selected' }).click()

    const dialog = page.getByRole('dialog')
    await expect(dialog.getByRole('row')).toHaveCount(1 + 3 + 1)
    await expect(dialog.getByRole('row', { name: /J-1046/ })).toContainText('Discount 15% is over the 10% limit')
    await expect(dialog.getByRole('row', { name: /J-1046/ })).toContainText('$246.52')
    await expect(dialog.getByRole('row', { name: /Total of 3 invoices/ })).toBeVisible()
    await dialog.getByRole('combobox', { name: 'Your name' }).click()
    await page.getByRole('option', { name: 'Lee Park (supervisor)' }).click()
    await dialog.getByLabel('PIN').fill('1357')
    await expectNoSeriousA11yViolations(page)
    await dialog.getByLabel('PIN').press('Enter')

    await expect(page.getByRole('status')).toContainText('3 jobs approved')
    await expect(page.locator('[data-approval]')).toHaveCount(0)
    for (const id of ['J-1044', 'J-1046', 'J-1050']) {
      const job = await officeCall<{ status: string; events: { type: string; actor: string }[] }>(office, 'jobs.get', {
        id,
      })
      expect(job.status).toBe('invoice-ready')
      expect(job.events.filter((e) => e.type === 'approved').map((e) => e.actor)).toEqual(['U-2'])
    }
  })
})
