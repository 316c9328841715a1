import { expect, test, type Page } from '@playwright/test'
import { DEMO_CLOSEOUTS, writeDemoCloseouts } from '../../../src-main/core/setup/demo-closeouts'
import { axeOnStillScreen } from './axe'
import { DEMO_SIGN_IN, waitForIngest } from './office-api'
import { serveDemoCompany, type ServedOffice } from './serve'

/**
 * `closeout serve` with the demo company and the demo office's live closeouts (the ones
 * `serve --demo` leaves in the inbox) ingested, without its twelve weeks of history: 21 jobs,
 * 3 invoice-ready, 3 needs approval, 2 needs review (J-1064 is a job the office did not know).
 */
export async function serveDemoWithCloseouts(): Promise<ServedOffice> {
  const office = await serveDemoCompany()
  writeDemoCloseouts(office.sharedDir, Date.now())
  await waitForIngest(office, DEMO_CLOSEOUTS.length)
  return office
}

/**
 * One served office for the whole spec file: started before its first test, stopped after its
 * last. The answer stands for that office from the first test on (reading it earlier throws).
 */
export function serveForFile(start: () => Promise<ServedOffice>): ServedOffice {
  let served: ServedOffice | undefined
  test.beforeAll(async () => {
    // Starting serve (and ingesting closeouts) takes a few seconds; more on a busy machine.
    test.setTimeout(120_000)
    served = await start()
  })
  test.afterAll(async () => {
    await served?.stop()
  })
  return new Proxy({} as ServedOffice, {
    get(_, key: keyof ServedOffice) {
      if (!served) throw new Error('the served office starts before the first test of the file')
      return served[key]
    },
  })
}

/** The sign-in screen: picks the user by name and enters the PIN. */
export async function signInOnScreen(page: Page, name: string, pin: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Your name' }).click()
  await page.getByRole('option', { name }).click()
  await page.getByLabel(/^PIN/).fill(pin)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

/**
 * Opens the printed address, signs in on the sign-in screen (the demo's billing user unless
 * told otherwise), then opens a screen by its hash route.
 */
export async function openScreen(
  page: Page,
  office: ServedOffice,
  hash: string,
  as: { name: string; pin: string } = DEMO_SIGN_IN,
): Promise<void> {
  await page.goto(office.loginUrl)
  const main = page.getByRole('navigation', { name: 'Main' })
  // A page already signed in keeps its session cookie and opens straight on the office.
  await expect(page.getByRole('heading', { name: 'Sign in to Closeout' }).or(main)).toBeVisible()
  if (!(await main.isVisible())) await signInOnScreen(page, as.name, as.pin)
  await expect(main).toBeVisible()
  await page.goto(new URL(hash, office.url).toString())
}

/** axe-core on the current page: no serious or critical violations (the bar). */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  const results = await axeOnStillScreen(page)
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  const report = serious.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join('\n  ')}`,
  )
  expect(report, report.join('\n')).toEqual([])
}

/** Fills the approver picker and PIN inside a dialog. */
export async function signAs(page: Page, name: string, pin: string): Promise<void> {
  const dialog = page.getByRole('dialog')
  await dialog.getByRole('combobox', { name: 'Your name' }).click()
  await page.getByRole('option', { name }).click()
  await dialog.getByLabel('PIN').fill(pin)
}
