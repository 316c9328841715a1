import { defineConfig } from '@playwright/test'

/**
 * Browser tests drive the real UI in the system's Chromium (never a downloaded browser).
 * CHROMIUM_PATH overrides /usr/bin/chromium on other machines.
 */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
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
