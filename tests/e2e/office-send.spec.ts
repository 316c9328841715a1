import { expect, test } from '@playwright/test'
import { runExport } from '../../src-main/core/exports/export-batches'
import { openOffice } from '../../src-main/core/office'
import { importSetup } from '../../src-main/core/setup/setup-import'
import { addScenarioJobs, EXPORT_NOW } from '../support/export-scenario'
import { mapAdjustments } from '../support/invoice-builder'
import { saveSmtpSettings, smtpCatcher, type SmtpCatcher } from '../support/smtp-catcher'
import { demoSetup } from '../support/temp-office'
import { expectNoSeriousA11yViolations, openScreen, serveForFile } from './support/office-session'
import { serveOffice } from './support/serve'

test.describe.configure({ mode: 'serial' })

let catcher: SmtpCatcher
test.beforeAll(async () => {
  catcher = await smtpCatcher()
})
test.afterAll(async () => catcher.close())

// Three invoiced jobs (batch 1) and Settings > Mail pointing at a real SMTP server on 127.0.0.1.
const office = serveForFile(() =>
  serveOffice([], async ({ dataDir, sharedDir }) => {
    const o = await openOffice({ dataDir, sharedDir })
    await importSetup(o, demoSetup())
    mapAdjustments(o)
    await addScenarioJobs(o)
    await (
      await runExport(o, { format: 'qbo-csv', outDir: `${dataDir}/out`, user: 'U-1' }, EXPORT_NOW)
    ).receipts
    await saveSmtpSettings(o, catcher.port, { from: 'Northside Billing <billing@northsidehvac.example>' })
    await o.close()
  }),
)

test('a dialog opens at once when the system asks for less motion, and adds no second banner landmark', async ({
  page,
}) => {
  await page.emulateMedia({ reducedMotion: 'reduce' })
  await openScreen(page, office, '#/jobs/J-1042')
  await page.getByRole('button', { name: 'Send packet' }).click()
  const dialog = page.getByRole('dialog', { name: 'Send the packet' })
  await dialog.waitFor()
  expect(await page.evaluate(() => document.getAnimations().filter((a) => a.playState === 'running').length)).toBe(0)
  // A screen reader's landmarks list still has one banner (the office's header), not the dialog's too.
  await expect(page.getByRole('banner')).toHaveCount(1)
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  expect(catcher.messages).toHaveLength(0)
})

test('Send packet from the job screen e-mails the customer and the job shows where it went', async ({ page }) => {
  await openScreen(page, office, '#/jobs/J-1042')
  await page.getByRole('button', { name: 'Send packet' }).click()
  const dialog = page.getByRole('dialog', { name: 'Send the packet' })
  await expect(dialog).toContainText('billing address')
  await expectNoSeriousA11yViolations(page)
  await dialog.getByRole('button', { name: 'Send', exact: true }).click()
  await expect(page.getByText('INV-1042 sent to frontdesk@acmedental.example.')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('sent-status')).toContainText('Sent to frontdesk@acmedental.example at')
  expect(catcher.messages).toHaveLength(1)
  expect(catcher.messages[0]!.envelopeTo).toEqual(['frontdesk@acmedental.example'])
  expect(catcher.messages[0]!.parsed.attachments[0]!.contentType).toBe('application/pdf')

  // A second send asks first and names the earlier one.
  await page.getByRole('button', { name: 'Send again…' }).click()
  const again = page.getByRole('dialog', { name: 'Send the packet again?' })
  await expect(again).toContainText('was already sent to frontdesk@acmedental.example')
  await again.getByRole('button', { name: 'Cancel' }).click()
  expect(catcher.messages).toHaveLength(1)
})

test('Send packets for a whole batch from the Exports screen skips the job already sent', async ({ page }) => {
  await openScreen(page, office, '#/exports')
  await page.getByRole('button', { name: 'Send packets of batch 1' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Batch 1: 2 sent, 1 already sent, 0 failed.' })).toBeVisible({
    timeout: 30_000,
  })
  expect(catcher.messages.map((m) => m.envelopeTo[0]).sort()).toEqual([
    'frontdesk@acmedental.example',
    'k.mueller@example.com',
    'rosa.pena@example.com',
  ])
})

test('a mistyped address is said under the field it was typed in, and nothing is sent', async ({ page }) => {
  await openScreen(page, office, '#/jobs/J-1042')
  const before = catcher.messages.length
  await page.getByRole('button', { name: 'Send again…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Send the packet again?' })
  const to = dialog.getByLabel('Send to instead (optional)')
  await to.fill('ap@acmedental.example, frontdesk@acmedental')
  await dialog.getByRole('button', { name: 'Send again', exact: true }).click()
  await expect(to).toHaveAttribute('aria-invalid', 'true')
  await expect(to).toHaveAccessibleDescription(/is not an e-mail address like ap@example.com/)
  // Said once, at the field: no second copy above the buttons.
  await expect(dialog.getByRole('alert')).toHaveCount(0)
  expect(catcher.messages).toHaveLength(before)

  await to.fill('ap@acmedental.example')
  await dialog.getByRole('button', { name: 'Send again', exact: true }).click()
  await expect(page.getByText('INV-1042 sent to ap@acmedental.example.')).toBeVisible({ timeout: 30_000 })
  expect(catcher.messages).toHaveLength(before + 1)
})
