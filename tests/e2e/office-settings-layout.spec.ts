import { expect, test, type Page } from '@playwright/test'
import { expectNoSeriousA11yViolations, openScreen, serveForFile } from './support/office-session'
import { serveDemoCompany } from './support/serve'

const office = serveForFile(serveDemoCompany)

const SECTIONS = [
  'Company and invoicing',
  'Taxes',
  'Customers',
  'Job types',
  'Approval policy',
  'Office users',
  'Technicians',
  'Sign-in',
  'Accounting names',
  'Mail',
  'Folders',
  'Backups',
  'Database',
  'Phone form',
  'Second seat',
]

/**
 * What a person cannot read whole in the open section: a field whose value runs past its box, or
 * a label, description or cell whose text is clipped (overflow hidden with more text than room).
 * Scrolling boxes (a wide table that scrolls sideways) are not clipping.
 */
async function cutOff(page: Page): Promise<string[]> {
  return page.locator('main').evaluate((main) =>
    [...main.querySelectorAll<HTMLElement>('*')]
      .filter((el) => el.getClientRects().length > 0)
      .filter((el) => {
        if (el instanceof HTMLInputElement) return el.type !== 'hidden' && el.scrollWidth > el.clientWidth + 1
        const style = getComputedStyle(el)
        const clips = style.overflowX === 'hidden' || style.overflowX === 'clip' || style.textOverflow === 'ellipsis'
        return clips && (el.textContent ?? '').trim() !== '' && el.scrollWidth > el.clientWidth + 1
      })
      .map(
        (el) =>
          `${el.getAttribute('aria-label') ?? el.tagName}: ${el instanceof HTMLInputElement ? el.value : el.textContent}`,
      ),
  )
}

for (const viewport of [
  { width: 1024, height: 700 },
  { width: 1280, height: 800 },
]) {
  test(`at ${viewport.width}x${viewport.height} no Settings label or value is cut off`, async ({ page }, testInfo) => {
    test.setTimeout(180_000)
    await page.setViewportSize(viewport)
    await openScreen(page, office, '#/settings')
    // The accounting system's value reads whole (it was "None chosen (tax on the subtotal, half").
    const system = page.getByRole('combobox', { name: 'Accounting system' })
    await expect(system).toHaveValue(/^None chosen/)
    expect(await system.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true)
    await page.screenshot({ path: testInfo.outputPath(`settings-company-${viewport.width}.png`) })

    const nav = page.getByRole('navigation', { name: 'Settings sections' })
    const cut: string[] = []
    for (const name of SECTIONS) {
      await nav.getByText(name, { exact: true }).click()
      await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible()
      await expect(page.locator('main [aria-busy="true"]')).toHaveCount(0)
      cut.push(...(await cutOff(page)).map((c) => `${name} › ${c}`))
      if (name === 'Job types' || name === 'Accounting names')
        await page.screenshot({
          path: testInfo.outputPath(`settings-${name.replace(/ /g, '-')}-${viewport.width}.png`),
        })
    }
    expect(cut).toEqual([])
  })
}

test('the sections changed for room still pass the accessibility check', async ({ page }) => {
  test.setTimeout(120_000)
  await page.setViewportSize({ width: 1024, height: 700 })
  await openScreen(page, office, '#/settings')
  await expectNoSeriousA11yViolations(page)
  const nav = page.getByRole('navigation', { name: 'Settings sections' })
  for (const name of ['Job types', 'Accounting names']) {
    await nav.getByText(name, { exact: true }).click()
    await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible()
    await expectNoSeriousA11yViolations(page)
  }
})

/**
 * What makes the job types scroll sideways or hide a part of a row: a box in the section that
 * scrolls (or clips) horizontally with more than its width inside, or a field reaching past the
 * section's right edge.
 */
async function sidewaysOverflow(page: Page): Promise<string[]> {
  return page.getByRole('region', { name: 'Job types and their requirements' }).evaluate((section) => {
    const right = section.getBoundingClientRect().right
    return [section, ...section.querySelectorAll<HTMLElement>('*')]
      .filter((el) => el.getClientRects().length > 0)
      .flatMap((el) => {
        const style = getComputedStyle(el)
        const what = `${el.tagName} ${el.getAttribute('aria-label') ?? el.textContent ?? ''}`
        if (style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1)
          return [`${what}: ${el.scrollWidth} px wide inside ${el.clientWidth} px`]
        if (el.matches('input, label') && el.getBoundingClientRect().right > right + 1)
          return [`${what}: reaches past the section's right edge`]
        return []
      })
  })
}

for (const viewport of [
  { width: 1024, height: 700 },
  { width: 1280, height: 800 },
]) {
  test(`at ${viewport.width}x${viewport.height} the job types fit their section without a sideways scroll, every name whole`, async ({
    page,
  }, testInfo) => {
    await page.setViewportSize(viewport)
    await openScreen(page, office, '#/settings/job-types')
    const section = page.getByRole('region', { name: 'Job types and their requirements' })
    await expect(section).toBeVisible()
    expect(await sidewaysOverflow(page)).toEqual([])
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)

    // Every demo job type reads whole in its name field, and its requirements are all reachable.
    const fields = section.getByRole('textbox', { name: /^Job type \d+ name$/ })
    await expect(fields).toHaveCount(4)
    const names = await fields.evaluateAll((els) => els.map((el) => (el as HTMLInputElement).value))
    expect([...names].sort()).toEqual(['Equipment install', 'Maintenance visit', 'Plumbing service', 'Service repair'])
    for (const [i, name] of names.entries()) {
      const field = fields.nth(i)
      expect(await field.evaluate((el) => el.scrollWidth <= el.clientWidth + 1), `${name} whole`).toBe(true)
      for (const what of ['Before photos required', 'After photos required', 'Serial plate photos required'])
        await expect(section.getByRole('textbox', { name: `${name}: ${what}` })).toBeVisible()
      await expect(section.getByRole('checkbox', { name: `${name}: serial number required` })).toBeVisible()
      await expect(section.getByRole('checkbox', { name: `${name}: signature required` })).toBeVisible()
      await expect(section.getByRole('textbox', { name: `${name}: labor hours needing approval` })).toBeVisible()
    }
    await page.screenshot({ path: testInfo.outputPath(`job-types-${viewport.width}.png`), fullPage: true })
    await expectNoSeriousA11yViolations(page)
  })
}
