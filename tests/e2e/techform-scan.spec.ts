import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { FIXTURES, phoneWithOffice, signIn, step } from './techform-harness'

const office = phoneWithOffice()
const BARCODES = join(FIXTURES, '..', 'barcodes')

test("scanning: a part's barcode finds it in the price book, a serial plate's goes into the serial numbers", async ({
  page,
}) => {
  const h = office()
  const reader: string[] = []
  page.on('request', (r) => {
    if (/\/assets\/(scanner|decode)[^/]*\.js$/.test(r.url())) reader.push(r.url())
  })
  await page.goto(h.base)
  await signIn(page)
  await page.getByTestId('job-J-1057').tap()
  await step(page, 'Lines')
  // The reader is not part of the form until the technician taps Scan.
  expect(reader).toEqual([])

  await page.getByRole('button', { name: 'Add part' }).tap()
  await page.getByRole('button', { name: 'Scan a part barcode' }).tap()
  await expect(page.getByRole('dialog', { name: 'Scan a part barcode' })).toBeVisible()
  // A photo with no barcode in it says so.
  await page.getByTestId('scan-photo').setInputFiles(join(FIXTURES, 'condenser-before.jpg'))
  await expect(page.getByRole('alert')).toContainText('No barcode found')
  expect(reader.length).toBeGreaterThan(0)
  // The photo fallback (no camera on this page): the label's Code 128 reads CAP-45-5.
  await page.getByTestId('scan-photo').setInputFiles(join(BARCODES, 'part-CAP-45-5.png'))
  await expect(page.getByTestId('part-0')).toContainText('CAP-45-5')
  await expect(page.getByRole('dialog')).toHaveCount(0)

  await page.getByRole('button', { name: /^Equipment & pricing/ }).tap()
  await page.getByRole('button', { name: 'Scan the serial plate' }).tap()
  await page.getByTestId('scan-photo').setInputFiles(join(BARCODES, 'serial-4819XK2231.png'))
  await expect(page.getByRole('button', { name: 'Remove serial 4819XK2231' })).toBeVisible()
})
