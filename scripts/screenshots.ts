import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { chromiumLaunchOptions } from '../playwright.config'
import { deliverDemoCloseouts } from '../tests/e2e/support/demo-closeouts'
import { serveDemoCompany } from '../tests/e2e/support/serve'
import { waitForIngest } from '../tests/e2e/support/office-api'

/**
 * `npm run screenshots`: serves the demo company (`closeout serve --demo` in temp folders),
 * sends it a morning of closeouts, and saves one 1280x800 PNG per screen in docs/screenshots/.
 * Needs the built UI (`npm run build`) and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
 */
const OUT = join(__dirname, '..', 'docs', 'screenshots')

const SHOTS: { file: string; hash: string; ready: string; prepare?: (page: import('playwright-core').Page) => Promise<void> }[] = [
  { file: 'inbox.png', hash: '#/inbox', ready: 'tr[data-job-id="J-1042"]' },
  { file: 'job-detail.png', hash: '#/jobs/J-1042', ready: '[data-testid="totals"]' },
  { file: 'approvals.png', hash: '#/approvals', ready: '[data-approval]' },
  { file: 'dispatch.png', hash: '#/dispatch', ready: 'form[aria-label="New job"]' },
  {
    file: 'import-preview.png',
    hash: '#/dispatch/import',
    ready: 'text=Import from CSV',
    prepare: async (page) => {
      const csv = [
        '*ContactName,EmailAddress,POAddressLine1,POCity,PORegion,POPostalCode,PhoneNumber',
        'Harbor Point Condos,board@harborpoint.example,700 N Lake Shore Dr,Chicago,IL,60611,(312) 555-0700',
        'Wicker Park Dental,hello@wpdental.example,1550 N Damen Ave,Chicago,IL,60622,(773) 555-0155',
        ',nobody@example.com,,,,,',
        'Acme Dental LLC,frontdesk@acmedental.example,1420 W Fullerton Ave,Chicago,IL,60614,(773) 555-0142',
        'Logan Square Lofts,not-an-email,2600 N Milwaukee Ave,Chicago,IL,60647,',
      ].join('\n')
      await page.locator('input[type="file"]').setInputFiles({ name: 'xero-contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
      await page.getByRole('table', { name: 'Import preview' }).waitFor()
    },
  },
  { file: 'settings.png', hash: '#/settings', ready: 'section[aria-label="Company and invoicing"]' },
]

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true })
  const office = await serveDemoCompany()
  try {
    deliverDemoCloseouts(office.sharedDir, { withRejected: true })
    await waitForIngest(office, 7)
    const browser = await chromium.launch({ ...chromiumLaunchOptions, headless: true })
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'America/Chicago' })
    await page.goto(office.loginUrl)
    for (const shot of SHOTS) {
      await page.goto(new URL(shot.hash, office.url).toString())
      await page.locator(shot.ready).first().waitFor({ timeout: 15_000 })
      await shot.prepare?.(page)
      await page.waitForLoadState('networkidle')
      await page.waitForTimeout(400)
      await page.screenshot({ path: join(OUT, shot.file) })
      console.log(`docs/screenshots/${shot.file}`)
    }
    await browser.close()
  } finally {
    await office.stop()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
