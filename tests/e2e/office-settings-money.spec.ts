import { expect, test } from '@playwright/test'
import { expectNoSeriousA11yViolations, openScreen, serveForFile } from './support/office-session'
import { serveDemoCompany } from './support/serve'

const office = serveForFile(serveDemoCompany)

test('Company and invoicing: the accounting system and the invoice date are saved and shown again', async ({
  page,
}) => {
  await openScreen(page, office, '#/settings')
  const section = page.getByRole('region', { name: 'Company and invoicing' })
  await expect(section.getByRole('combobox', { name: 'Accounting system' })).toHaveValue('None chosen')
  await expect(section.getByRole('combobox', { name: 'Invoice date' })).toHaveValue('The day of the export')
  await section.getByRole('combobox', { name: 'Accounting system' }).click()
  await page.getByRole('option', { name: 'Xero' }).click()
  await section.getByRole('combobox', { name: 'Invoice date' }).click()
  await page.getByRole('option', { name: 'The day the work was completed' }).click()
  await section.getByRole('button', { name: 'Save' }).click()
  await expect(section.getByRole('status')).toContainText('Saved')
  await expectNoSeriousA11yViolations(page)

  await page.reload()
  const again = page.getByRole('region', { name: 'Company and invoicing' })
  await expect(again.getByRole('combobox', { name: 'Accounting system' })).toHaveValue('Xero')
  await expect(again.getByRole('combobox', { name: 'Invoice date' })).toHaveValue('The day the work was completed')
})

test('Customers: the list, editing the address in parts and where packets go, and a bad postal code named', async ({
  page,
}) => {
  await openScreen(page, office, '#/settings')
  await page.getByRole('navigation', { name: 'Settings sections' }).getByText('Customers', { exact: true }).click()
  const section = page.getByRole('region', { name: 'Customers' })
  const table = section.getByRole('table', { name: 'Customers' })
  await expect(table.getByRole('row')).toHaveCount(13) // the header and the demo's 12 customers
  await expect(table.getByRole('row', { name: /Acme Dental/ })).toContainText('1420 W Fullerton Ave, Chicago, IL 60614')

  await section.getByRole('button', { name: 'Edit Acme Dental' }).click()
  const form = section.getByRole('group', { name: 'Customer C-100' })
  await form.getByLabel('Street, line 1').fill('1420 W Fullerton Ave')
  await form.getByLabel('Street, line 2').fill('Suite 200')
  await form.getByLabel('City').fill('Chicago')
  await form.getByLabel('Region').fill('IL')
  await form.getByLabel('Postal code').fill('60614')
  await form.getByLabel('Country').fill('USA')
  await form.getByLabel('Billing e-mail').fill('billing@acmedental.example')
  await form.getByLabel('Send packets to').fill('ap@acmedental.example')
  await form.getByLabel('Send packets to').press('Enter')
  await expectNoSeriousA11yViolations(page)
  await section.getByRole('button', { name: 'Save Acme Dental' }).click()
  await expect(section.getByRole('status')).toContainText('Saved')
  await expect(table.getByRole('row', { name: /Acme Dental/ })).toContainText(
    '1420 W Fullerton Ave, Suite 200, Chicago, IL 60614, USA',
  )
  await expect(table.getByRole('row', { name: /Acme Dental/ })).toContainText('billing@acmedental.example')

  await form.getByLabel('Postal code').fill('6'.repeat(21))
  await section.getByRole('button', { name: 'Save Acme Dental' }).click()
  await expect(section.getByRole('alert')).toContainText('customers[0].address.postalCode')
  await expect(form.getByLabel('Postal code')).toHaveAttribute('aria-invalid', 'true')

  // Saved means kept: a fresh screen shows the parts.
  await page.reload()
  await page.getByRole('navigation', { name: 'Settings sections' }).getByText('Customers', { exact: true }).click()
  await page.getByRole('button', { name: 'Edit Acme Dental' }).click()
  const reopened = page.getByRole('group', { name: 'Customer C-100' })
  await expect(reopened.getByLabel('Street, line 2')).toHaveValue('Suite 200')
  await expect(reopened.getByLabel('Postal code')).toHaveValue('60614')
  await expect(reopened.getByText('ap@acmedental.example')).toBeVisible()
})

test('Approval policy: credits and under-billing are set in Settings', async ({ page }) => {
  await openScreen(page, office, '#/settings')
  await page
    .getByRole('navigation', { name: 'Settings sections' })
    .getByText('Approval policy', { exact: true })
    .click()
  const section = page.getByRole('region', { name: 'Approval policy' })
  await expect(section.getByLabel('Credits (negative lines) need approval')).toBeChecked()
  await expect(section.getByLabel('Work below the estimate by more than (%)')).toHaveValue('50')
  await section.getByLabel('Credits (negative lines) need approval').uncheck()
  await section.getByLabel('Work below the estimate by more than (%)').fill('30')
  await section.getByLabel('Your PIN, to confirm').fill('2468')
  await section.getByRole('button', { name: 'Save' }).click()
  await expect(section.getByRole('status')).toContainText('Saved')

  await page.reload()
  await page
    .getByRole('navigation', { name: 'Settings sections' })
    .getByText('Approval policy', { exact: true })
    .click()
  const again = page.getByRole('region', { name: 'Approval policy' })
  await expect(again.getByLabel('Credits (negative lines) need approval')).not.toBeChecked()
  await expect(again.getByLabel('Work below the estimate by more than (%)')).toHaveValue('30')
})
