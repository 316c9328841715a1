import { join } from 'node:path'
import { chromium, type Locator, type Page } from 'playwright-core'
import { chromiumLaunchOptions } from '../../playwright.config'
import { startLanOffice } from '../support/lan-office'

/**
 * The routine closeout on a 360x640 touch phone, counted as a technician does it (issue #13's
 * budget: at most 10 taps and 20 typed characters). Signed in already; J-1057 (a repair), through
 * the Close Job wizard's Next buttons: the
 * estimate's labor and part confirmed, two photos, the customer's name and signature, Send.
 * A photo counts as one tap on the form (the camera's own shutter is the phone's, not ours);
 * the signature as one stroke. Reads the last `npm run build`.
 */
const OUT = join(__dirname, '..', '..', 'out', 'renderer')
const PHOTOS = join(__dirname, '..', 'fixtures', 'photos')

export async function run(): Promise<void> {
  const h = await startLanOffice({ rendererOut: OUT, prefix: 'closeout-bench-phone-' })
  const browser = await chromium.launch(chromiumLaunchOptions)
  try {
    const page = await browser.newPage({
      viewport: { width: 360, height: 640 },
      hasTouch: true,
      isMobile: true,
      deviceScaleFactor: 2,
    })
    await page.goto(h.base)
    await page.getByRole('button', { name: 'Sam Ortiz' }).tap()
    for (const digit of '4321') await page.getByRole('button', { name: digit, exact: true }).tap()
    await page.getByRole('button', { name: 'Sign in' }).tap()
    await page.getByRole('heading', { name: 'My jobs' }).waitFor()

    let taps = 0
    let chars = 0
    let strokes = 0
    const tap = async (l: Locator) => {
      await l.tap()
      taps++
    }
    const type = async (l: Locator, text: string) => {
      await tap(l)
      await l.pressSequentially(text)
      chars += text.length
    }
    const started = performance.now()
    const next = (title: string) => tap(page.getByRole('button', { name: `Next: ${title}` }))
    await tap(page.getByTestId('job-J-1057'))
    await next('Lines')
    await tap(page.getByTestId('estimate-1').getByRole('button', { name: 'As estimated' }))
    await tap(page.getByTestId('estimate-0').getByRole('button', { name: 'As estimated' }))
    await next('Photos')
    await page.getByTestId('photo-input-before').setInputFiles(join(PHOTOS, 'condenser-before.jpg'))
    taps++
    await page.getByRole('img', { name: 'Before photo 1' }).waitFor()
    await page.getByTestId('photo-input-after').setInputFiles(join(PHOTOS, 'condenser-after.jpg'))
    taps++
    await page.getByRole('img', { name: 'After photo 1' }).waitFor()
    await next('Signature')
    await type(page.getByPlaceholder('Full name'), 'Pat Doe')
    await sign(page)
    strokes++
    const ready = page.getByText('Ready to send')
    const readyNow = await ready.waitFor({ timeout: 10_000 }).then(
      () => true,
      () => false,
    )
    if (!readyNow) {
      const todo = await page.locator('#checklist').innerHTML()
      console.log(`techform routine closeout: NOT ready after the routine taps; the checklist says:\n${todo}`)
      return
    }
    await tap(page.getByRole('button', { name: 'Send', exact: true }))
    await page.getByTestId('outbox-J-1057').waitFor()
    const seconds = (performance.now() - started) / 1000
    const over = taps > 10 || chars > 20
    console.log(
      `techform routine closeout: ${taps} taps, ${chars} typed characters, ${strokes} signature stroke, ` +
        `${seconds.toFixed(1)} s scripted (budget 10 taps, 20 characters)${over ? '  OVER BUDGET' : ''}`,
    )
  } finally {
    await browser.close()
    await h.close()
  }
}

async function sign(page: Page): Promise<void> {
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
