import { expect, test, type Page } from '@playwright/test'
import {
  expectNoSeriousA11yViolations,
  openScreen,
  serveDemoWithCloseouts,
  serveForFile,
} from './support/office-session'

const office = serveForFile(serveDemoWithCloseouts)

/** Rows whose whole height shows inside the inbox's scrolling table (under its sticky header). */
async function wholeRowsShown(page: Page): Promise<number> {
  return page.getByTestId('jobs-scroller').evaluate((scroller) => {
    const box = scroller.getBoundingClientRect()
    const head = scroller.querySelector('thead')!.getBoundingClientRect()
    return [...scroller.querySelectorAll('tr[data-job-id]')].filter((row) => {
      const r = row.getBoundingClientRect()
      return r.top >= head.bottom - 1 && r.bottom <= box.bottom + 1
    }).length
  })
}

test('at 1024x700 the sidebar folds to icons, the filters fold into a Filters button, and 8 rows show', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 1024, height: 700 })
  await openScreen(page, office, '#/inbox')
  await page.getByRole('tab', { name: /^All/ }).click()
  await expect(page.getByText('21 jobs ·')).toBeVisible()

  const nav = page.getByRole('navigation', { name: 'Main' })
  expect((await nav.boundingBox())!.width).toBeLessThanOrEqual(80)
  // Icons only, but every link still says where it goes, and the waiting counts still show.
  await expect(nav.getByRole('link', { name: /^Approvals/ })).toBeVisible()
  await expect(nav.getByRole('link', { name: /^Approvals/ })).toContainText('3')

  expect(await wholeRowsShown(page)).toBeGreaterThanOrEqual(8)
  // The shared folder's status line is whole: nothing of it is cut off or hidden behind an ellipsis.
  const health = page.getByTestId('inbox-health')
  await expect(health).toContainText(/Watching|Checking every few seconds/)
  await expect(health).toContainText(/checked (now|\d+ \w+ ago)|not checked yet/)
  await expect(health).toBeInViewport({ ratio: 1 })
  expect(
    await health.evaluate((line) =>
      [line, ...line.querySelectorAll('*')]
        .filter((el) => el.scrollWidth > el.clientWidth + 1)
        .map((el) => el.textContent),
    ),
  ).toEqual([])
  // Every status tab stays on screen, in one line.
  for (const name of [/Needs attention/, /^All/, /^Scheduled/])
    await expect(page.getByRole('tab', { name })).toBeInViewport({ ratio: 1 })

  // The date filters are whole inside the Filters panel, and filtering still works.
  await expect(page.getByLabel('To', { exact: true })).toHaveCount(0)
  await page.getByRole('button', { name: /^Filters/ }).click()
  const to = page.getByLabel('To', { exact: true })
  await expect(to).toBeInViewport({ ratio: 1 })
  await page.getByRole('combobox', { name: 'Customer' }).click()
  await page.getByRole('option', { name: 'Klaus Müller' }).click()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('button', { name: 'Filters (1)' })).toBeVisible()
  await expect(page.getByText(/^1 job ·/)).toBeVisible()
  await expectNoSeriousA11yViolations(page)
  await page.getByRole('tab', { name: /Needs attention/ }).click()
  await page.screenshot({ path: testInfo.outputPath('inbox-1024x700.png') })
})

test('at 1280x800 the sidebar keeps its labels and the filters stay in the row', async ({ page }) => {
  await openScreen(page, office, '#/inbox')
  const nav = page.getByRole('navigation', { name: 'Main' })
  await expect(nav).toContainText('Approvals')
  expect((await nav.boundingBox())!.width).toBeGreaterThan(200)
  await expect(page.getByLabel('To', { exact: true })).toBeInViewport({ ratio: 1 })
  await expect(page.getByRole('button', { name: /^Filters/ })).toHaveCount(0)
})
