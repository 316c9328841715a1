import { expect, test } from '@playwright/test'
import { MANIFEST } from '../../src-main/lan/pwa'
import { phoneWithOffice, signIn, step, waitForOfflineCopy } from './techform-harness'

const office = phoneWithOffice()

test('with the office out of reach, a reload still opens the form signed in, says it is offline and finds parts', async ({
  page,
}) => {
  const h = office()
  await page.goto(h.base)
  // Installable: the page names its manifest, and the browser gets it and its icons.
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest')
  await signIn(page)
  await expect(page.getByTestId('price-book-as-of')).toContainText(/Price book as of today/)
  await waitForOfflineCopy(page)
  await expect(page.getByTestId('offline-banner')).toHaveCount(0)

  await h.server.close()
  await page.reload()
  await expect(page.getByRole('heading', { name: 'My jobs' })).toBeVisible()
  const banner = page.getByTestId('offline-banner')
  await expect(banner).toContainText('Offline: the office PC is out of reach')
  await expect(banner).toContainText(/search the price book \(as of today/)
  await expect(banner).toContainText('send by themselves when the office is back')

  // The kept job list opens, and the kept price book answers a search with its price.
  await page.getByTestId('job-J-1057').tap()
  await expect(page.getByTestId('offline-banner')).toBeVisible()
  await step(page, 'Lines')
  await page.getByRole('button', { name: 'Add part' }).tap()
  await page.getByLabel('Search the price book').fill('capacitor 45')
  const row = page.locator('.pick-row', { hasText: 'CAP-45-5' })
  await expect(row).toContainText('$38.00')
  await expect(page.getByText('Nothing in the price book matches')).toHaveCount(0)
  await expect(page.getByTestId('picker-as-of')).toContainText('Price book as of today')
  await row.tap()
  await expect(page.getByTestId('part-0')).toContainText('CAP-45-5')
  await expect(page.getByLabel('Unit price, part 1')).toHaveValue('38.00')

  // Back in reach: the banner goes once the office answers again.
  await h.restartServer()
  await page.getByRole('button', { name: 'Back to my jobs' }).tap()
  await expect(page.getByTestId('offline-banner')).toHaveCount(0, { timeout: 15_000 })
  expect(MANIFEST.icons.length).toBeGreaterThan(0)
})

test('signing out takes the kept jobs and price book with it: an offline reload then asks for a PIN', async ({
  page,
}) => {
  const h = office()
  await page.goto(h.base)
  await signIn(page)
  await expect(page.getByTestId('price-book-as-of')).toBeVisible()
  await waitForOfflineCopy(page)
  await page.getByRole('button', { name: 'Sign out' }).tap()
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()

  await h.server.close()
  await page.reload()
  await expect(page.getByText('Who is closing out?')).toBeVisible()
  await expect(page.getByRole('alert')).toHaveText('The office PC cannot be reached')
  await expect(page.getByTestId('job-J-1057')).toHaveCount(0)
})
