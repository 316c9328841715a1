import { expect, test } from '@playwright/test'
import { serveOffice, type ServedOffice } from './support/serve'

let office: ServedOffice

test.beforeAll(async () => {
  office = await serveOffice(['--demo'])
})

test.afterAll(async () => {
  await office.stop()
})

test('serve --demo shows the demo jobs in the office inbox', async ({ page }, testInfo) => {
  await page.goto(office.loginUrl)

  const rows = page.getByRole('table', { name: 'Jobs' }).locator('tbody tr')
  await expect(rows).toHaveCount(20)
  await expect(page.locator('tr[data-job-id="J-1042"]')).toContainText('Acme Dental')
  await expect(page.locator('tr[data-job-id="J-1042"]')).toContainText('Sam Ortiz')
  await expect(page.locator('tr[data-job-id="J-1042"]')).toContainText('Scheduled')
  await page.screenshot({ path: testInfo.outputPath('office-inbox.png') })
})

test('searching narrows the list to the matching customer', async ({ page }) => {
  await page.goto(office.loginUrl)
  await page.getByRole('textbox', { name: 'Search jobs' }).fill('Müller')

  const rows = page.getByRole('table', { name: 'Jobs' }).locator('tbody tr')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText('Klaus Müller')
})

test('the office API refuses calls without the access token', async ({ request }) => {
  const response = await request.post(`${office.url}api/jobs.list`, { data: {}, headers: { 'x-closeout': '1' } })

  expect(response.status()).toBe(401)
  expect((await response.json()).error.code).toBe('unauthorized')
})
