import { expect, test } from '@playwright/test'
import { officeCall } from './support/office-api'
import { expectNoSeriousA11yViolations, openScreen, serveDemoWithCloseouts } from './support/office-session'
import { atEachSizeWithItsOwnOffice } from './support/each-size'

// Each size has its own office: the flows below change the jobs they act on.
atEachSizeWithItsOwnOffice(serveDemoWithCloseouts, (office) => {
  test('a closeout for an unknown job is matched to the job it belongs to from the job screen', async ({ page }) => {
    await openScreen(page, office, '#/jobs/J-1064')
    const ways = page.getByRole('region', { name: 'Ways forward' })
    await expect(ways).toBeVisible()
    await expectNoSeriousA11yViolations(page)
    await ways.getByRole('button', { name: 'Match to an existing job' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('Search jobs waiting for a closeout').fill('Acme')
    await dialog.getByRole('button', { name: /Match to J-1054/ }).click()

    await expect(page.getByRole('heading', { name: /^J-1054 · Acme Dental/ })).toBeVisible()
    await expect(page.getByRole('region', { name: 'Timeline' })).toContainText('Closeout matched from J-1064')
    const guessed = await officeCall<{ status: string }>(office, 'jobs.get', { id: 'J-1064' })
    expect(guessed.status).toBe('void')
    const matched = await officeCall<{ status: string; submissionIds: string[] }>(office, 'jobs.get', {
      id: 'J-1054',
    })
    expect(matched.status).not.toBe('scheduled')
    expect(matched.submissionIds).toHaveLength(1)
  })

  test('reprocess checks a needs-review job again and says where it stands', async ({ page }) => {
    await openScreen(page, office, '#/jobs/J-1049')
    await page.getByRole('region', { name: 'Ways forward' }).getByRole('button', { name: 'Reprocess' }).click()
    await expect(page.getByRole('status')).toContainText('Checked again: still needs review')
  })
})
