import { expect, test } from '@playwright/test'
import { expectNoSeriousA11yViolations, openScreen, serveForFile } from './support/office-session'
import { serveDemoCompany } from './support/serve'

// Issue #12: how invoices are e-mailed (the mail server, its user, the From address) is an admin's,
// confirmed with their own PIN: whoever chooses the mail server reads every packet sent through it.
const office = serveForFile(serveDemoCompany)

test('an admin saves Settings > Mail only with their own PIN; a wrong one is said beside the field and saves nothing', async ({
  page,
}, testInfo) => {
  // The demo has no admin: its billing user, Dana Kim, acts as one.
  await openScreen(page, office, '#/settings/mail')
  const section = page.getByRole('region', { name: 'Mail' })
  const fillSmtp = async () => {
    await section.getByText('Send through SMTP').click()
    await section.getByLabel('Mail server').fill('smtp.northside.example')
    await section.getByRole('textbox', { name: 'From' }).fill('Northside Billing <billing@northside.example>')
  }
  await fillSmtp()
  const pin = section.getByLabel('Your PIN, to confirm')
  const save = section.getByRole('button', { name: 'Save' })

  await save.click()
  await expect(pin).toHaveAccessibleDescription(/enter your PIN/i)
  await pin.fill('1111')
  await save.click()
  await expect(pin).toHaveAccessibleDescription(/Wrong PIN for Dana Kim/)
  await expect(section.getByRole('status')).toHaveCount(0)
  await section.screenshot({ path: testInfo.outputPath('mail-wrong-pin.png') })
  await expectNoSeriousA11yViolations(page)

  // Nothing was saved: the office still writes drafts.
  await page.reload()
  await expect(section.getByRole('radio', { name: 'Draft in my mail app' })).toBeChecked()
  await expect(section.getByLabel('Mail server')).toHaveCount(0)

  await fillSmtp()
  await pin.fill('2468')
  await save.click()
  await expect(section.getByRole('status')).toContainText('Saved.')
  await expect(pin).toHaveValue('')
  await page.reload()
  await expect(section.getByLabel('Mail server')).toHaveValue('smtp.northside.example')
  await expect(section.getByRole('textbox', { name: 'From' })).toHaveValue(
    'Northside Billing <billing@northside.example>',
  )
})

test('a supervisor sees Settings > Mail read-only, told that only an admin may change it', async ({
  page,
}, testInfo) => {
  await openScreen(page, office, '#/settings/mail', { name: 'Lee Park (supervisor)', pin: '1357' })
  const section = page.getByRole('region', { name: 'Mail' })
  await expect(section.getByText('Only an admin can change this section.')).toBeVisible()
  await expect(section.getByTestId('mail-admin-only')).toContainText(
    'Only an admin can change how invoices are e-mailed',
  )
  await expect(section.getByRole('textbox', { name: 'From' })).toBeDisabled()
  await expect(section.getByRole('button', { name: 'Save' })).toHaveCount(0)
  await expect(section.getByLabel('Your PIN, to confirm')).toHaveCount(0)
  await section.screenshot({ path: testInfo.outputPath('mail-read-only.png') })
  await expectNoSeriousA11yViolations(page)
})
