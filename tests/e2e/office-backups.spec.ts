import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { openOffice } from '../../src-main/core/office'
import { importDemoSetup } from '../../src-main/core/setup/demo'
import { expectNoSeriousA11yViolations, openScreen, serveForFile } from './support/office-session'
import { serveOffice } from './support/serve'
import { backupFolderGone } from './support/stale-backup'

/**
 * The demo company whose last backup is three days old and whose backup folder cannot be
 * written (a path under a file, as when a USB drive is gone): the automatic backups keep
 * failing, so the office must say so until someone fixes it in Settings > Backups.
 */
const office = serveForFile(() =>
  serveOffice([], async ({ dataDir, sharedDir }) => {
    const o = await openOffice({ dataDir, sharedDir })
    try {
      await importDemoSetup(o)
      await backupFolderGone(o, sharedDir, 0)
    } finally {
      await o.close()
    }
  }),
)

test('a stale backup needs attention until Settings > Backups fixes the folder, backs up and restores', async ({
  page,
}) => {
  await openScreen(page, office, '#/')
  const attention = page.getByRole('region', { name: 'Backups need attention' })
  await expect(attention).toBeVisible()
  await expect(page.getByTestId('backup-health')).toContainText(/Last backup (3 days ago|failed)/)
  await expectNoSeriousA11yViolations(page)

  await attention.getByRole('link', { name: 'Settings › Backups' }).click()
  const section = page.getByRole('region', { name: 'Backups' })
  await expect(section.getByText('Needs attention')).toBeVisible()
  await expectNoSeriousA11yViolations(page)

  // Where backups go is an admin's, confirmed with their PIN: the demo's billing user acts as admin.
  const folderInput = section.getByLabel('Backup folder')
  const pinInput = section.getByLabel('Your PIN, to change the folder')
  await folderInput.fill('backups')
  await pinInput.fill('2468')
  await section.getByRole('button', { name: 'Save folder' }).click()
  await expect(section.getByRole('alert').filter({ hasText: 'full path' }).first()).toBeVisible()

  const folder = join(office.sharedDir, '..', 'new-backups')
  await folderInput.fill(folder)
  await pinInput.fill('2468')
  await section.getByRole('button', { name: 'Save folder' }).click()
  await expect(section.getByRole('status')).toContainText(`Backups now go to ${folder}`)
  expect(existsSync(folder)).toBe(true)

  await section.getByRole('button', { name: 'Back up now' }).click()
  await expect(section.getByRole('status')).toContainText('Backed up 20 jobs')
  await expect(section.getByText('Up to date')).toBeVisible()
  await expect(section.getByTestId('last-backup')).toContainText(/Last backup (just now|.* ago) \(\d+ KB\)/)

  await section.getByRole('button', { name: 'Restore…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Restore a backup' })
  await expect(dialog.getByLabel('Backup file')).toHaveValue(/\.closeout-backup$/)
  const target = join(office.sharedDir, '..', 'restored-office')
  await dialog.getByLabel('Restore into').fill(target)
  await dialog.getByRole('button', { name: 'Continue' }).click()
  await expect(dialog.getByText('Your current office stays exactly as it is')).toBeVisible()
  // Restoring is an admin's decision, confirmed with their own PIN; a wrong one is said beside the field.
  const restoreNow = dialog.getByRole('button', { name: 'Restore now' })
  await expect(restoreNow).toBeDisabled()
  await dialog.getByLabel('Your PIN, to restore').fill('1111')
  await restoreNow.click()
  await expect(dialog.getByText(/Wrong PIN for Dana Kim/)).toBeVisible()
  expect(existsSync(join(target, 'closeout.sqlite'))).toBe(false)
  await dialog.getByLabel('Your PIN, to restore').fill('2468')
  await restoreNow.click()
  await expect(dialog.getByRole('status').first()).toContainText('Restored and checked')
  await expect(dialog).toContainText('20 jobs')
  await expect(dialog).toContainText('Nothing has changed in the office you have open')
  expect(existsSync(join(target, 'closeout.sqlite'))).toBe(true)
  await expectNoSeriousA11yViolations(page)
  // Which folder the office opens is an admin's choice: the demo's billing user acts as admin.
  await dialog.getByLabel('Your PIN, to confirm').fill('2468')
  await dialog.getByRole('button', { name: 'Open the restored office next time' }).click()
  await expect(dialog.getByText(`opens its data from ${target} after a restart`)).toBeVisible()
  await dialog.getByRole('button', { name: 'Close' }).first().click()
  // The choice went to this served office's own pointer file (serve.ts sets CLOSEOUT_LOCATIONS).
  expect(JSON.parse(readFileSync(join(office.sharedDir, '..', 'locations.json'), 'utf8'))).toEqual({ dataDir: target })

  await page.goto(new URL('#/', office.url).toString())
  // The health line says when; the size is in Settings › Backups (a shorter line that reads whole).
  await expect(page.getByTestId('backup-health')).toContainText(/Last backup (just now|.* ago)$/)
  await expect(page.getByRole('region', { name: 'Backups need attention' })).toHaveCount(0)
})

test('a supervisor sees the backups but is told why choosing the folder and restoring are not offered', async ({
  page,
}) => {
  await openScreen(page, office, '#/settings/backups', { name: 'Lee Park (supervisor)', pin: '1357' })
  const section = page.getByRole('region', { name: 'Backups' })
  await expect(section.getByTestId('last-backup')).toBeVisible()
  await expect(section.getByRole('button', { name: 'Back up now' })).toBeVisible()
  await expect(section.getByRole('button', { name: 'Restore…' })).toHaveCount(0)
  await expect(section.getByRole('button', { name: 'Save folder' })).toHaveCount(0)
  await expect(section.getByLabel('Backup folder')).toHaveAttribute('readonly', '')
  await expect(section.getByTestId('backups-admin-only')).toContainText(
    'Only an admin can change where backups go or restore a backup',
  )
  await expectNoSeriousA11yViolations(page)
})
