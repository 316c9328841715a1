import { expect, test } from '@playwright/test'
import { DEMO_CLOSEOUTS, writeDemoCloseout } from '../../src-main/core/setup/demo-closeouts'
import { waitForIngest } from './support/office-api'
import { expectNoSeriousA11yViolations, openScreen, serveForFile } from './support/office-session'
import { serveDemoCompany } from './support/serve'

const office = serveForFile(async () => {
  const served = await serveDemoCompany()
  // The demo's routine J-1043 closeout has a trip charge: invoice-ready, but the setup file alone names no accounting item for the charge.
  writeDemoCloseout(
    served.sharedDir,
    DEMO_CLOSEOUTS.find((c) => c.jobId === 'J-1043')!,
    Date.now(),
  )
  await waitForIngest(served, 1)
  return served
})

test('an export blocked by a missing accounting name is fixed in Export settings, then exported once', async ({
  page,
}) => {
  await openScreen(page, office, '#/exports')
  const problems = page.getByRole('table', { name: 'Problems found before export' })
  await expect(problems).toContainText(
    'Exports > Export settings > Accounting names > "trip-charge" > QuickBooks Online',
  )
  await expect(page.getByRole('button', { name: /Export 1 invoice/ })).toBeDisabled()

  await page.getByRole('button', { name: 'Export settings' }).click()
  // A name longer than QuickBooks takes is refused, said under that very input.
  const tripCharge = page.getByLabel('trip-charge in QuickBooks Online')
  await tripCharge.fill('x'.repeat(101))
  await page.getByRole('button', { name: 'Save export settings' }).click()
  await expect(tripCharge).toHaveAttribute('aria-invalid', 'true')
  await expect(tripCharge).toHaveAccessibleDescription(/must be at most 100 characters/)
  await expect(page.getByLabel('trip-charge in Xero')).not.toHaveAttribute('aria-invalid', 'true')
  await tripCharge.fill('Services:Trip charge')
  await page.getByRole('button', { name: 'Save export settings' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible()
  await expect(problems).toHaveCount(0)
  await expectNoSeriousA11yViolations(page)

  await page.getByRole('button', { name: /Export 1 invoice/ }).click()
  await expect(page.getByRole('region', { name: 'Batch 1: import into QuickBooks Online (CSV)' })).toBeVisible()
  await expect(page.getByTestId('batch-1')).toContainText('INV-1042')
  await expect(page.getByText('No job is invoice-ready.')).toBeVisible()
})
