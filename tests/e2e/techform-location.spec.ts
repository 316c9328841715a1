import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { fillRoutineCloseout, inboxBundles, phoneWithOffice, signIn, step } from './techform-harness'

const office = phoneWithOffice()

const sentDoc = (sharedDir: string, id: string) =>
  JSON.parse(readFileSync(join(sharedDir, 'inbox', id, 'closeout.json'), 'utf8')) as {
    location?: { lat: number; lon: number; accuracyM?: number }
  }

test('location granted: the technician adds a GPS fix on Review and it goes with the closeout', async ({
  page,
  context,
}) => {
  const h = office()
  await context.grantPermissions(['geolocation'], { origin: h.base })
  await context.setGeolocation({ latitude: 41.88526, longitude: -87.78447, accuracy: 12 })
  await page.goto(h.base)
  await signIn(page)
  await fillRoutineCloseout(page)
  await step(page, 'Review')
  await page.getByRole('button', { name: 'Add my location' }).tap()
  await expect(page.getByTestId('location')).toContainText('41.88526, -87.78447, ±12 m')
  await page.getByRole('button', { name: 'Send', exact: true }).tap()
  await expect(page.getByTestId('outbox-J-1057').getByTestId('status')).toHaveText(/Delivered to the office PC/)
  const [id] = inboxBundles(h)
  expect(sentDoc(h.office.sharedDir, String(id)).location).toEqual({ lat: 41.88526, lon: -87.78447, accuracyM: 12 })
})

test('location denied: the form says so and the closeout goes without it', async ({ page }) => {
  const h = office()
  await page.goto(h.base)
  await signIn(page)
  await fillRoutineCloseout(page)
  await step(page, 'Review')
  await page.getByRole('button', { name: 'Add my location' }).tap()
  await expect(page.getByText('Location not shared')).toBeVisible()
  await page.getByRole('button', { name: 'Send', exact: true }).tap()
  await expect(page.getByTestId('outbox-J-1057').getByTestId('status')).toHaveText(/Delivered to the office PC/)
  const [id] = inboxBundles(h)
  expect(sentDoc(h.office.sharedDir, String(id)).location).toBeUndefined()
})
