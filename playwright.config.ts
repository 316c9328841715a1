import { defineConfig } from '@playwright/test'
import { findBrowser } from './scripts/find-browser.cjs'

/**
 * Browser tests drive the real UI in a Chromium already on the machine (scripts/find-browser.mjs:
 * CHROMIUM_PATH, Playwright's own Chromium, then chromium/google-chrome on the PATH); `npm test`
 * stops before them with one line on how to get one when none is found.
 */
export const chromiumLaunchOptions = {
  executablePath: findBrowser() ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-dev-shm-usage',
  ],
}

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  workers: 1,
  // One retry on CI only: a browser test that needs it is reported as flaky in the run's output.
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: chromiumLaunchOptions,
    screenshot: 'only-on-failure',
  },
})
