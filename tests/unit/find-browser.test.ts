import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { findBrowser, NO_BROWSER } from '../../scripts/find-browser.cjs'

let dir = ''
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('finding a Chromium before the browser tests (issue #16, a fresh machine)', () => {
  it('takes CHROMIUM_PATH when it exists, and says none when it points nowhere', () => {
    dir = mkdtempSync(join(tmpdir(), 'closeout-browser-'))
    const fake = join(dir, 'my-chrome')
    writeFileSync(fake, '')
    expect(findBrowser({ CHROMIUM_PATH: fake, PATH: '' })).toBe(fake)
    expect(findBrowser({ CHROMIUM_PATH: join(dir, 'missing'), PATH: '' })).toBeNull()
  })

  it('finds chromium or google-chrome on the PATH', () => {
    dir = mkdtempSync(join(tmpdir(), 'closeout-browser-'))
    writeFileSync(join(dir, 'google-chrome'), '')
    const found = findBrowser({ PATH: dir })
    // Playwright's own Chromium, when installed, comes first; otherwise the one on the PATH.
    expect(found === join(dir, 'google-chrome') || (found ?? '').includes('ms-playwright')).toBe(true)
  })

  it('tells a person how to get one on each platform in one line', () => {
    expect(NO_BROWSER).not.toContain('\n')
    for (const hint of ['apt install chromium', 'brew', 'winget', 'npx playwright install chromium', 'CHROMIUM_PATH'])
      expect(NO_BROWSER).toContain(hint)
  })
})
