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

test('the approval inbox shows each waiting job with the rule and numbers behind it', async ({ page }) => {
  await openScreen(page, office, '#/approvals')
  const card = page.locator('[data-approval="J-1046"]')
  await expect(card).toContainText('Discount 15% is over the 10% limit')
  await expect(card).toContainText('$246.52')
  await expect(page.locator('[data-approval="J-1045"]')).toHaveCount(0)
  await expectNoSeriousA11yViolations(page)
})

test('a supervisor approves a job with their PIN and it becomes invoice-ready', async ({ page }) => {
  await openScreen(page, office, '#/approvals')
  await page.locator('[data-approval="J-1046"]').getByRole('button', { name: 'Approve' }).click()
  await signAs(page, 'Lee Park (supervisor)', '0000')
  await page.getByRole('dialog').getByRole('button', { name: 'Approve job' }).click()
  await expect(page.getByRole('dialog')).toContainText('Wrong PIN')

  await page.getByRole('dialog').getByLabel('PIN').fill('1357')
  await page.getByRole('dialog').getByRole('button', { name: 'Approve job' }).click()
  await expect(page.getByRole('status')).toContainText('J-1046 approved')
  await expect(page.locator('[data-approval="J-1046"]')).toHaveCount(0)
  const job = await officeCall<{ status: string }>(office, 'jobs.get', { id: 'J-1046' })
  expect(job.status).toBe('invoice-ready')
})

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
