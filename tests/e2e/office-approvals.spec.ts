import { expect, test } from '@playwright/test'
import { officeCall } from './support/office-api'
import { expectNoSeriousA11yViolations, openScreen, serveDemoWithCloseouts, signAs } from './support/office-session'
import { atEachSizeWithItsOwnOffice } from './support/each-size'

// Each size has its own office: the flows below change the jobs they act on.
atEachSizeWithItsOwnOffice(serveDemoWithCloseouts, (office, viewport) => {
  // Before the approvals below take J-1046 off the list.
  if (viewport.width === 1280) {
    test('the approval inbox shows each waiting job with the rule and numbers behind it', async ({ page }) => {
      await openScreen(page, office, '#/approvals')
      const card = page.locator('[data-approval="J-1046"]')
      await expect(card).toContainText('Discount 15% is over the 10% limit')
      await expect(card).toContainText('$246.52')
      await expect(page.locator('[data-approval="J-1045"]')).toHaveCount(0)
      await expectNoSeriousA11yViolations(page)
    })
  }

  test('one-step approval: the dialog shows what is approved, lists only approvers, starts on the PIN and Enter confirms', async ({
    page,
  }) => {
    await openScreen(page, office, '#/approvals')
    await page.locator('[data-approval="J-1046"]').getByRole('button', { name: 'Approve' }).click()
    const dialog = page.getByRole('dialog')
    await expect(dialog).toContainText('Discount 15% is over the 10% limit')
    await expect(dialog).toContainText('$246.52')
    await dialog.getByRole('combobox', { name: 'Your name' }).click()
    await expect(page.getByRole('option', { name: 'Lee Park (supervisor)' })).toBeVisible()
    await expect(page.getByRole('option', { name: 'Dana Kim (billing)' })).toHaveCount(0)
    await page.getByRole('option', { name: 'Lee Park (supervisor)' }).click()

    await dialog.getByLabel('PIN').fill('0000')
    await dialog.getByLabel('PIN').press('Enter')
    await expect(dialog).toContainText('Wrong PIN for Lee Park (supervisor)')
    await dialog.getByLabel('PIN').fill('1357')
    await dialog.getByLabel('PIN').press('Enter')
    await expect(page.getByRole('status')).toContainText('J-1046 approved')
    await expect(page.locator('[data-approval="J-1046"]')).toHaveCount(0)
    expect((await officeCall<{ status: string }>(office, 'jobs.get', { id: 'J-1046' })).status).toBe('invoice-ready')

    // The next approval, even after a reload, remembers the approver and starts on the PIN.
    await page.reload()
    await page.locator('[data-approval="J-1044"]').getByRole('button', { name: 'Approve' }).click()
    await expect(dialog.getByRole('combobox', { name: 'Your name' })).toHaveValue('Lee Park (supervisor)')
    await expect(dialog.getByLabel('PIN')).toBeFocused()
    await expectNoSeriousA11yViolations(page)
    await page.keyboard.type('1357')
    await page.keyboard.press('Enter')
    await expect(page.getByRole('status')).toContainText('J-1044 approved')
    expect((await officeCall<{ status: string }>(office, 'jobs.get', { id: 'J-1044' })).status).toBe('invoice-ready')
  })

  // Checked at one size: they need no second layout.
  if (viewport.width === 1280) {
    test('sending a job back needs a comment and reaches the technician', async ({ page }) => {
      await openScreen(page, office, '#/approvals')
      await page.locator('[data-approval="J-1050"]').getByRole('button', { name: 'Send back' }).click()
      const dialog = page.getByRole('dialog')
      await signAs(page, 'Lee Park (supervisor)', '1357')
      await expect(dialog.getByRole('button', { name: 'Send back' })).toBeDisabled()
      await dialog
        .getByLabel('What must the technician fix?')
        .fill('The second capacitor was not on the estimate: note that the customer agreed to it')
      await dialog.getByRole('button', { name: 'Send back' }).click()
      await expect(page.locator('[data-approval="J-1050"]')).toHaveCount(0)
      const job = await officeCall<{ status: string; events: { type: string; data: { comment?: string } }[] }>(
        office,
        'jobs.get',
        { id: 'J-1050' },
      )
      expect(job.status).toBe('sent-back')
      expect(job.events.find((e) => e.type === 'sent-back')?.data.comment).toBe(
        'The second capacitor was not on the estimate: note that the customer agreed to it',
      )
    })
  }
})
