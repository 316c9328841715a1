import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { chromiumLaunchOptions } from '../playwright.config'
import { officeCall, waitForEmptyInbox } from '../tests/e2e/support/office-api'
import { serveOffice, type ServedOffice } from '../tests/e2e/support/serve'

/**
 * `npm run screenshots`: runs `closeout serve --demo` in temp folders (the demo office a user
 * first meets: twelve weeks of history and the last two days' closeouts in the inbox), waits
 * for the inbox to take them in, backs the office up once (Back up now, through the office API),
 * and saves 1280x800 PNGs of the office screens (with the
 * one-step approval dialog and the export hand-off) and three 360x640 PNGs of the technician
 * form in docs/screenshots/.
 * Needs the built UI (`npm run build`) and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
 */
const OUT = join(__dirname, '..', 'docs', 'screenshots')
const PHOTOS = join(__dirname, '..', 'resources', 'demo', 'photos')

interface Shot {
  file: string
  hash: string
  /** A selector that is there once the screen shows its data. */
  ready: string
  prepare?: (page: Page) => Promise<void>
}

const IMPORT_CSV = [
  '*ContactName,EmailAddress,POAddressLine1,POCity,PORegion,POPostalCode,PhoneNumber',
  'Harbor Point Condos,board@harborpoint.example,700 N Lake Shore Dr,Chicago,IL,60611,(312) 555-0700',
  'Wicker Park Dental,hello@wpdental.example,1550 N Damen Ave,Chicago,IL,60622,(773) 555-0155',
  ',nobody@example.com,,,,,',
  'Acme Dental LLC,frontdesk@acmedental.example,1420 W Fullerton Ave,Chicago,IL,60614,(773) 555-0142',
  'Logan Square Lofts,not-an-email,2600 N Milwaukee Ave,Chicago,IL,60647,',
].join('\n')

const OFFICE_SHOTS: Shot[] = [
  { file: 'inbox.png', hash: '#/inbox', ready: 'tr[data-job-id="J-1064"]' },
  // The discount a supervisor has to approve, with the technician's photos and the customer's signature.
  { file: 'job-detail.png', hash: '#/jobs/J-1046', ready: '[data-testid="totals"]' },
  { file: 'approvals.png', hash: '#/approvals', ready: '[data-approval]' },
  {
    // One-step approval: the finding and amount being approved, the supervisor picked, the PIN next.
    file: 'approval-dialog.png',
    hash: '#/approvals',
    ready: '[data-approval="J-1046"]',
    prepare: async (page) => {
      await page.locator('[data-approval="J-1046"]').getByRole('button', { name: 'Approve' }).click()
      const dialog = page.getByRole('dialog')
      await dialog.getByRole('combobox', { name: 'Your name' }).click()
      await page.getByRole('option', { name: 'Lee Park (supervisor)' }).click()
      await dialog.getByLabel('PIN').fill('1357')
    },
  },
  { file: 'dispatch.png', hash: '#/dispatch', ready: 'form[aria-label="New job"]' },
  { file: 'exports.png', hash: '#/exports', ready: '[data-testid="export-summary"]' },
  { file: 'dashboard.png', hash: '#/dashboard', ready: 'table[aria-label="By technician"]' },
  { file: 'settings.png', hash: '#/settings', ready: 'section[aria-label="Company and invoicing"]' },
  {
    file: 'import-preview.png',
    hash: '#/dispatch/import',
    ready: 'text=Import from CSV',
    prepare: async (page) => {
      await page
        .locator('input[type="file"]')
        .setInputFiles({ name: 'xero-contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(IMPORT_CSV) })
      await page.getByRole('table', { name: 'Import preview' }).waitFor()
    },
  },
  // Last: it exports the waiting invoices, which the screens above show as ready.
  {
    file: 'export-handoff.png',
    hash: '#/exports',
    ready: 'table[aria-label="Invoices in this batch"]',
    prepare: async (page) => {
      await page.getByRole('button', { name: /^Export \d+ invoices?$/ }).click()
      await page.getByRole('region', { name: /^Batch \d+: import into / }).waitFor({ timeout: 30_000 })
    },
  },
]

async function save(page: Page, file: string): Promise<void> {
  await page.waitForLoadState('networkidle')
  // Let transitions and the virtualized list settle before the picture.
  await page.waitForTimeout(400)
  await page.screenshot({ path: join(OUT, file) })
  console.log(`docs/screenshots/${file}`)
}

async function officeScreens(browser: Browser, office: ServedOffice): Promise<void> {
  const page = await browser.newPage({
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    timezoneId: 'America/Chicago',
  })
  await page.goto(office.loginUrl)
  // The office asks who is working: the demo's billing clerk signs in.
  const main = page.getByRole('navigation', { name: 'Main' })
  const signIn = page.getByRole('heading', { name: 'Sign in to Closeout' })
  await signIn.or(main).first().waitFor({ timeout: 30_000 })
  if (await signIn.isVisible()) {
    await page.getByRole('combobox', { name: 'Your name' }).click()
    await page.getByRole('option', { name: 'Dana Kim (billing)' }).click()
    await page.getByLabel(/^PIN/).fill('2468')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await main.waitFor({ timeout: 30_000 })
  }
  for (const shot of OFFICE_SHOTS) {
    await page.goto(new URL(shot.hash, office.url).toString())
    await page.locator(shot.ready).first().waitFor({ timeout: 15_000 })
    await shot.prepare?.(page)
    await save(page, shot.file)
  }
  await page.close()
}

/** The phone form `serve` prints ("Phone form:"), as Sam Ortiz sees it on a 360x640 phone. */
async function techForm(browser: Browser, office: ServedOffice): Promise<void> {
  const formUrl = /Phone form:\s+(\S+)/.exec(office.output())?.[1]
  if (!formUrl) throw new Error(`serve printed no phone form address:\n${office.output()}`)
  const context = await browser.newContext({
    viewport: { width: 360, height: 640 },
    hasTouch: true,
    isMobile: true,
    locale: 'en-US',
    timezoneId: 'America/Chicago',
  })
  const page = await context.newPage()
  await page.goto(formUrl)
  await page.getByRole('button', { name: 'Sam Ortiz' }).tap()
  for (const digit of '43') await page.getByRole('button', { name: digit, exact: true }).tap()
  await save(page, 'techform-sign-in.png')

  for (const digit of '21') await page.getByRole('button', { name: digit, exact: true }).tap()
  await page.getByRole('button', { name: 'Sign in' }).tap()
  await page.getByRole('heading', { name: 'My jobs' }).waitFor()
  await save(page, 'techform-jobs.png')

  // His maintenance visit at the library, half filled in: the checklist at the bottom says what is left.
  await page.getByTestId('job-J-1048').tap()
  await page.getByLabel('What did you do? One task a line').fill('Seasonal furnace maintenance\nReplaced filters')
  await page
    .getByLabel('Notes for the office')
    .fill('Burners clean, flame sensor fine. Filters were two sizes; both replaced.')
  const step = (title: string) =>
    page
      .getByRole('navigation', { name: 'Steps' })
      .getByRole('button', { name: new RegExp(`^Step \\d: ${title}`) })
      .tap()
  await step('Photos')
  await page.getByTestId('photo-input-after').setInputFiles(join(PHOTOS, 'filter-after.jpg'))
  await page.getByRole('img', { name: 'After photo 1' }).waitFor()
  // The Lines step: labor hours and the filter from the price book; the step bar says what is left.
  await step('Lines')
  await page.getByRole('button', { name: /^Labor/ }).tap()
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'More Hours, labor line 1' }).tap()
  await page.getByRole('button', { name: 'Add part' }).tap()
  await page.getByLabel('Search the price book').fill('filter 16x25')
  await page.locator('.pick-row').first().tap()
  await page.getByRole('button', { name: /^Labor/ }).scrollIntoViewIfNeeded()
  await save(page, 'techform-closeout.png')
  await context.close()
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true })
  // Where a small office keeps it; the inbox screen shows the folder's last parts.
  const office = await serveOffice(['--demo'], undefined, ['Dropbox', 'Closeout Shared'])
  try {
    await waitForEmptyInbox(office)
    // A normal office backs up every day: one real backup first (the office API's "Back up now",
    // the same path as the button), so the screens show the office's day, not "Never backed up".
    await officeCall(office, 'backups.runNow', {})
    const browser = await chromium.launch({ ...chromiumLaunchOptions, headless: true })
    try {
      await officeScreens(browser, office)
      await techForm(browser, office)
    } finally {
      await browser.close()
    }
  } finally {
    await office.stop()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
