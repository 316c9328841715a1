// Finds a Chromium (CommonJS: Playwright's config loader and plain Node both read it) for the browser tests, screenshots and benchmarks, in this order: CHROMIUM_PATH,
// the Chromium Playwright installed for itself (`npx playwright install chromium`), then chromium,
// chromium-browser or google-chrome on the PATH (and the usual install places on macOS and Windows).
'use strict'
const { existsSync } = require('node:fs')
const { delimiter, join } = require('node:path')

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']
const KNOWN = [
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
]

/** The path of a Chromium to drive, or null. */
function findBrowser(env = process.env) {
  if (env.CHROMIUM_PATH) return existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null
  const own = playwrightChromium()
  if (own) return own
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', ''] : ['']
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean))
    for (const name of NAMES)
      for (const ext of exts) {
        const candidate = join(dir, name + ext)
        if (existsSync(candidate)) return candidate
      }
  return KNOWN.find((p) => existsSync(p)) ?? null
}

function playwrightChromium() {
  try {
    const { chromium } = require('playwright-core')
    const path = chromium.executablePath()
    return path && existsSync(path) ? path : null
  } catch {
    return null
  }
}

/** One line a person can act on, for the platform they are on. */
const NO_BROWSER =
  'No Chromium found for the browser tests: install one (Debian/Ubuntu: sudo apt install chromium; macOS: brew install --cask chromium; Windows: winget install Google.Chrome; anywhere downloads work: npx playwright install chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary.'

module.exports = { findBrowser, NO_BROWSER }
