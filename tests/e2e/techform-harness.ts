import { existsSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { startLanOffice, type LanOffice } from '../support/lan-office'

/** `npm run build` output; CLOSEOUT_RENDERER_OUT points at another build (the form's own vite config). */
export const RENDERER_OUT = resolve(process.env.CLOSEOUT_RENDERER_OUT ?? 'out/renderer')
export const FIXTURES = resolve('tests/fixtures/photos')

/** A phone: 360x640, touch, a dense screen. */
export const PHONE = { viewport: { width: 360, height: 640 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 }

export type Office360 = LanOffice

export function startOffice(): Promise<Office360> {
  return startLanOffice({ rendererOut: RENDERER_OUT, prefix: 'closeout-techform-' })
}

export function inboxBundles(h: Office360): string[] {
  const inbox = join(h.office.sharedDir, 'inbox')
  return existsSync(inbox) ? readdirSync(inbox).filter((n) => !n.startsWith('.')) : []
}

export async function signIn(page: Page, name = 'Sam Ortiz', pin = '4321'): Promise<void> {
  await page.getByRole('button', { name }).tap()
  for (const digit of pin) await page.getByRole('button', { name: digit, exact: true }).tap()
  await page.getByRole('button', { name: 'Sign in' }).tap()
  await expect(page.getByRole('heading', { name: 'My jobs' })).toBeVisible()
}

/** Waits until the service worker holds the form's files (a reload then works with the office down). */
export async function waitForOfflineCopy(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
  })
}

/**
 * A stroke across the signature pad. Drawn with pointer (mouse) events: signature_pad listens to
 * pointer events whatever the pointer type, and a CDP touch drag left Chromium's gesture
 * detector swallowing the next tap now and then.
 */
export async function drawSignature(page: Page): Promise<void> {
  const pad = page.getByTestId('signature-pad')
  await pad.scrollIntoViewIfNeeded()
  const box = await pad.boundingBox()
  if (!box) throw new Error('signature pad not visible')
  const point = (i: number) => [box.x + 24 + i * 10, box.y + box.height / 2 - Math.sin(i / 3) * 30] as const
  await page.mouse.move(...point(0))
  await page.mouse.down()
  for (let i = 1; i < 24; i++) await page.mouse.move(...point(i))
  await page.mouse.up()
}

/** Goes to a step of the Close Job wizard by its bar ("Work", "Lines", "Photos", "Signature", "Review"). */
export async function step(page: Page, title: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Steps' })
    .getByRole('button', { name: new RegExp(`^Step \\d: ${title}`) })
    .tap()
}

/** The routine closeout of J-1057 (a repair): 1 h of labor, the estimate's part, two photos, a signature. */
export async function fillRoutineCloseout(page: Page): Promise<void> {
  await page.getByTestId('job-J-1057').tap()
  await page
    .getByLabel('What did you do? One task a line')
    .fill('Replaced pressure switch\nTested furnace through 3 cycles')
  await step(page, 'Lines')
  // The Lines step opens on the estimate (one section open at a time): open Labor to set the hours.
  await page.getByRole('button', { name: /^Labor/ }).tap()
  await page.getByRole('button', { name: 'More Hours, labor line 1' }).tap()
  await page.getByRole('button', { name: 'More Hours, labor line 1' }).tap()
  await page.getByRole('button', { name: 'Add part' }).tap()
  await page.locator('.pick-row').first().tap()
  await step(page, 'Photos')
  await page.getByTestId('photo-input-before').setInputFiles(join(FIXTURES, 'condenser-before.jpg'))
  await expect(page.getByRole('img', { name: 'Before photo 1' })).toBeVisible()
  await page.getByTestId('photo-input-after').setInputFiles(join(FIXTURES, 'large-4000x3000.jpg'))
  await expect(page.getByRole('img', { name: 'After photo 1' })).toBeVisible()
  await step(page, 'Signature')
  await page.getByPlaceholder('Full name').fill('Pat Doe')
  await drawSignature(page)
  await expect(page.getByText('Ready to send')).toBeVisible()
}

/** Each test on a phone, with its own demo office: `const office = phoneWithOffice()`, then `office()`. */
export function phoneWithOffice(): () => Office360 {
  test.use(PHONE)
  let h: Office360 | null = null
  test.beforeEach(async () => {
    h = await startOffice()
  })
  test.afterEach(async () => {
    await h?.close()
  })
  return () => {
    if (!h) throw new Error('no office: call inside a test')
    return h
  }
}
