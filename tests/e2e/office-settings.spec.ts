import { expect, test } from '@playwright/test'
import { expectNoSeriousA11yViolations, openScreen, serveForFile } from './support/office-session'
import { serveDemoCompany } from './support/serve'

const office = serveForFile(serveDemoCompany)

test('settings saves the invoice numbering and refuses a bad value with the field named', async ({ page }) => {
  await openScreen(page, office, '#/settings')
  const section = page.getByRole('region', { name: 'Company and invoicing' })
  await expectNoSeriousA11yViolations(page)
  await section.getByLabel('Invoice prefix').fill('NS/2026')
  await section.getByRole('button', { name: 'Save' }).click()
  await expect(section.getByRole('alert')).toContainText('company.invoicePrefix')
  await section.getByLabel('Invoice prefix').fill('NS-')
  await section.getByRole('button', { name: 'Save' }).click()
  await expect(section.getByRole('status')).toContainText('Saved')
  await expect(section).toContainText('The next invoice will be NS-1042')
})

test('a data folder inside a synced folder is refused', async ({ page }) => {
  await openScreen(page, office, '#/settings')
  await page.getByRole('navigation', { name: 'Settings sections' }).getByText('Folders').click()
  const section = page.getByRole('region', { name: 'Folders' })
  await section.getByLabel('Data folder').fill(`${office.dataDir}-elsewhere/Dropbox/Closeout`)
  await section.getByLabel('Your PIN, to confirm').fill('2468')
  await section.getByRole('button', { name: 'Save folders' }).click()
  await expect(section.getByRole('alert')).toContainText('inside the synced folder')
  await expectNoSeriousA11yViolations(page)
})

test('each settings section opens and passes the accessibility check', async ({ page }) => {
  test.setTimeout(180_000) // eight axe runs, each a few seconds on a busy machine
  await openScreen(page, office, '#/settings')
  const nav = page.getByRole('navigation', { name: 'Settings sections' })
  for (const name of [
    'Taxes',
    'Job types',
    'Approval policy',
    'Office users',
    'Technicians',
    'Sign-in',
    'Accounting names',
    'Phone form',
  ]) {
    await nav.getByText(name, { exact: true }).click()
    await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible()
    await expectNoSeriousA11yViolations(page)
  }
})

test('the settings sections are reachable from the keyboard: Tab to a section, Enter opens it', async ({ page }) => {
  await openScreen(page, office, '#/settings')
  const taxes = page.getByRole('navigation', { name: 'Settings sections' }).getByRole('button', { name: 'Taxes' })
  await taxes.focus()
  await expect(taxes).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('region', { name: 'Taxes' })).toBeVisible()
  await expect(taxes).toHaveAttribute('aria-current', 'true')
})
