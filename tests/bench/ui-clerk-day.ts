import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Locator, type Page } from 'playwright-core'
import { chromiumLaunchOptions } from '../../playwright.config'
import { writeDemoCloseouts, DEMO_CLOSEOUTS } from '../../src-main/core/setup/demo-closeouts'
import { DEMO_SIGN_IN, officeCall, waitForIngest } from '../e2e/support/office-api'
import { serveDemoCompany } from '../e2e/support/serve'

/** The goal for "approve three exceptions, then export": at most 8 clicks plus one PIN. */
const GOAL_CLICKS = 8
const SUPERVISOR = { name: 'Lee Park (supervisor)', pin: '1357' }

/**
 * Every click and key the clerk gives, counted. Sign-in is not part of the day's task and is
 * done before counting starts.
 */
class Counted {
  clicks = 0
  keys = 0
  readonly steps: string[] = []
  constructor(readonly page: Page) {}
  async click(what: Locator, label: string): Promise<void> {
    await what.click()
    this.clicks++
    this.steps.push(`click ${label}`)
  }
  /** Typed a key at a time, as a person would (each character a keystroke). */
  async type(what: Locator, text: string, label: string): Promise<void> {
    await what.pressSequentially(text)
    this.keys += text.length
    this.steps.push(`type ${label} (${text.length} keys)`)
  }
  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key)
    this.keys++
    this.steps.push(`key ${key}`)
  }
}

/**
 * `npm run bench -- ui` (part 1): in real Chromium against `closeout serve` with the demo's
 * live closeouts (3 waiting for approval, 3 invoice-ready), the billing clerk approves the three
 * exceptions with the supervisor's PIN, then exports the batch, counting clicks, keystrokes and
 * time from the inbox to the import guide on screen. Needs the built UI (`npm run build`).
 */
export async function runClerkDay(): Promise<void> {
  const browser = await chromium.launch({ ...chromiumLaunchOptions, headless: true })
  try {
    // Each size on a fresh office: the same three waiting and three ready jobs, no approver remembered yet.
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 1024, height: 700 },
    ])
      await dayAt(browser, viewport)
  } finally {
    await browser.close()
  }
}

async function dayAt(browser: Browser, viewport: { width: number; height: number }): Promise<void> {
  const served = await serveDemoCompany()
  const context = await browser.newContext({ viewport })
  try {
    writeDemoCloseouts(served.sharedDir, Date.now())
    await waitForIngest(served, DEMO_CLOSEOUTS.length)
    // Office setup, not the day's work: the demo's trip charge has its QuickBooks name.
    await officeCall(served, 'exports.settings.update', {
      items: [
        { kind: 'adjustment', ref: 'trip-charge', qbo: 'Services:Trip charge', xero: 'TRIP', iif: 'Trip charge' },
        { kind: 'adjustment', ref: 'discount', qbo: 'Discounts given', xero: 'DISC', iif: 'Discount' },
      ],
    })
    const page = await context.newPage()
    page.setDefaultTimeout(60_000)
    await page.goto(served.loginUrl)
    await page.getByRole('combobox', { name: 'Your name' }).click()
    await page.getByRole('option', { name: DEMO_SIGN_IN.name }).click()
    await page.getByLabel(/^PIN/).fill(DEMO_SIGN_IN.pin)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.locator('tr[data-job-id]').first().waitFor()

    const c = new Counted(page)
    const t0 = performance.now()
    const nav = page.getByRole('navigation', { name: 'Main' })
    await c.click(nav.getByRole('link', { name: /^Approvals/ }), 'Approvals')
    await c.click(page.getByRole('checkbox', { name: 'Select all that can be approved' }), 'Select all')
    await c.click(page.getByRole('button', { name: 'Approve 3 selected' }), 'Approve 3 selected')
    const dialog = page.getByRole('dialog')
    const name = dialog.getByRole('combobox', { name: 'Your name' })
    await dialog.getByLabel('PIN').waitFor()
    // The last approver on this computer is remembered; only then is the name not picked.
    if ((await name.inputValue()) !== SUPERVISOR.name) {
      await c.click(name, 'Your name')
      await c.click(page.getByRole('option', { name: SUPERVISOR.name }), SUPERVISOR.name)
    }
    await c.type(dialog.getByLabel('PIN'), SUPERVISOR.pin, 'PIN')
    await c.press('Enter')
    await page.getByRole('status').filter({ hasText: '3 jobs approved' }).waitFor()
    const approved = performance.now() - t0
    await c.click(nav.getByRole('link', { name: /^Export/ }), 'Exports')
    const exportButton = page.getByRole('button', { name: /^Export \d+ invoices?$/ })
    await exportButton.waitFor()
    if (await exportButton.isDisabled({ timeout: 5_000 }).catch(() => true)) {
      await page.screenshot({ path: join(tmpdir(), 'closeout-bench-ui-export.png') })
      throw new Error(`the export is refused: ${(await page.getByRole('main').innerText()).slice(0, 1500)}`)
    }
    await c.click(exportButton, 'Export N invoices')
    await page.getByRole('region', { name: /^Batch \d+: import into/ }).waitFor()
    const total = performance.now() - t0
    const pinKeys = SUPERVISOR.pin.length + 1
    const met = c.clicks <= GOAL_CLICKS && c.keys === pinKeys
    console.log(
      `approve three exceptions, then export, at ${viewport.width}x${viewport.height}: ${c.clicks} clicks and ${c.keys} keystrokes (the PIN and Enter); ${(total / 1000).toFixed(1)} s from the inbox to the import guide (approved after ${(approved / 1000).toFixed(1)} s)  (goal <= ${GOAL_CLICKS} clicks plus one PIN: ${met ? 'met' : 'NOT met'})`,
    )
    console.log(`  steps: ${c.steps.join(' -> ')}`)
  } finally {
    await context.close()
    await served.stop()
  }
}
