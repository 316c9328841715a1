import { expect, test } from '@playwright/test'
import { officeCall } from './support/office-api'
import { expectNoSeriousA11yViolations, openScreen, serveDemoWithCloseouts } from './support/office-session'
import { atEachSizeWithItsOwnOffice } from './support/each-size'

// Each size has its own office: the flows below change the jobs they act on.
atEachSizeWithItsOwnOffice(serveDemoWithCloseouts, (office, viewport) => {
  test('the clerk creates the job a closeout named, for a new customer, and the rules run', async ({ page }) => {
    await openScreen(page, office, '#/jobs/J-1064')
    await page.getByRole('region', { name: 'Ways forward' }).getByRole('button', { name: 'Create the job' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByRole('radio', { name: 'New customer' }).check()
    await dialog.getByLabel('Customer name').fill('Acme Dental West')
    await dialog.getByLabel('Customer address').fill('900 W Lake St, Chicago, IL 60607')
    await dialog.getByRole('combobox', { name: 'Job type' }).click()
    await page.getByRole('option', { name: 'Service repair' }).click()
    await expect(dialog.getByLabel('Site address')).toHaveValue('900 W Lake St, Chicago, IL 60607')
    await expectNoSeriousA11yViolations(page)
    await dialog.getByRole('button', { name: 'Create job J-1064' }).click()

    await expect(page.getByRole('heading', { name: /^J-1064 · Acme Dental West/ })).toBeVisible()
    await expect(page.getByRole('status')).toContainText('J-1064 created from its closeout')
    const job = await officeCall<{ status: string; customer: string }>(office, 'jobs.get', { id: 'J-1064' })
    expect(job.customer).toBe('Acme Dental West')
    expect(job.status).not.toBe('needs-review')
  })

  // Checked at one size: they need no second layout.
  if (viewport.width === 1280) {
    test('Dispatch creates a job with a number the clerk gives', async ({ page }) => {
      await openScreen(page, office, '#/dispatch')
      const form = page.getByRole('form', { name: 'New job' })
      await form.getByLabel('Job number').fill('J-2001')
      await form.getByRole('combobox', { name: 'Customer' }).click()
      await page.getByRole('option', { name: 'Brightside Bakery' }).click()
      await form.getByRole('combobox', { name: 'Job type' }).click()
      await page.getByRole('option', { name: 'Service repair' }).click()
      await form.getByRole('button', { name: 'Create job' }).click()
      await expect(page.getByRole('heading', { name: 'J-2001 · Brightside Bakery' })).toBeVisible()
    })
  }
})
