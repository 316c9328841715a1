import { expect, test } from '@playwright/test'
import { phoneWithOffice, signIn, step } from './techform-harness'

const office = phoneWithOffice()

test("the estimate's lines are answered with one tap each, priced as the office estimated them", async ({ page }) => {
  const h = office()
  await page.goto(h.base)
  await signIn(page)
  await page.getByTestId('job-J-1057').tap()
  await step(page, 'Lines')

  const part = page.getByTestId('estimate-0')
  const labor = page.getByTestId('estimate-1')
  await expect(part).toContainText('Qty 1')
  await part.getByRole('button', { name: 'As estimated' }).tap()
  await expect(part.getByRole('button', { name: 'As estimated' })).toHaveAttribute('aria-pressed', 'true')
  await expect(page.getByTestId('part-0')).toContainText('PRESS-SW')

  await labor.getByRole('button', { name: 'As estimated' }).tap()
  // The estimate's hours fill the first labor line, in the estimate's role: no second line.
  await expect(page.getByTestId('labor-1')).toHaveCount(0)
  await page.getByRole('button', { name: /^Labor/ }).tap()
  await expect(page.getByLabel('Role, labor line 1')).toHaveValue('journeyman')
  await expect(page.getByRole('textbox', { name: 'Hours, labor line 1' })).toHaveValue('1')
  await expect(page.getByText('Ready to send')).toHaveCount(0)
  await page.getByRole('button', { name: /^On the estimate/ }).tap()

  // A slip is one tap to undo: "Not used" takes the part back off.
  await part.getByRole('button', { name: 'Not used' }).tap()
  await expect(page.getByTestId('part-0')).toHaveCount(0)
  await expect(page.getByText('2 of 2 answered')).toBeVisible()

  // The answers are kept with the draft.
  await page.reload()
  await step(page, 'Lines')
  // All answered: the step opens on Labor; the estimate is one tap away.
  await page.getByRole('button', { name: /^On the estimate/ }).tap()
  await expect(page.getByTestId('estimate-0').getByRole('button', { name: 'Not used' })).toHaveAttribute(
    'aria-pressed',
    'true',
  )
})
