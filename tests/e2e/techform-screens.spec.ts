import { expect, test, type Page } from '@playwright/test'
import { axeOnStillScreen } from './support/axe'
import { fillRoutineCloseout, phoneWithOffice, signIn, step } from './techform-harness'

const office = phoneWithOffice()

/** axe on the screen as it stands: no serious or critical finding, one main landmark and one h1. */
async function screenPasses(page: Page, name: string): Promise<void> {
  const result = await axeOnStillScreen(page)
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  expect(bad, name).toEqual([])
  expect(await page.locator('main, [role="main"]').count(), `${name}: main landmark`).toBeGreaterThan(0)
  await expect(page.locator('h1'), `${name}: one h1`).toHaveCount(1)
}

test('every phone screen reaches WCAG AA (axe) with a main landmark and an h1', async ({ page }) => {
  // Nine axe runs and a wait for the office to drop out (the form notices on its 30 s refresh).
  test.setTimeout(180_000)
  const h = office()
  await page.goto(h.base)
  await expect(page.getByText('Who is closing out?')).toBeVisible()
  await screenPasses(page, 'sign-in: who')
  await page.getByRole('button', { name: 'Sam Ortiz' }).tap()
  await screenPasses(page, 'sign-in: PIN')
  for (const digit of '4321') await page.getByRole('button', { name: digit, exact: true }).tap()
  await page.getByRole('button', { name: 'Sign in' }).tap()
  await expect(page.getByRole('heading', { name: 'My jobs' })).toBeVisible()
  await expect(page.getByTestId('price-book-as-of')).toBeVisible()
  await screenPasses(page, 'my jobs')
  await page.getByTestId('job-J-1057').tap()
  for (const title of ['Work', 'Photos', 'Signature', 'Review', 'Lines']) {
    await step(page, title)
    await screenPasses(page, `closeout: ${title}`)
  }
  await page.getByRole('button', { name: 'Add part' }).tap()
  await page.getByLabel('Search the price book').fill('cap')
  await expect(page.locator('.pick-row').first()).toBeVisible()
  await screenPasses(page, 'part picker')
  await page.getByRole('button', { name: 'Close' }).tap()
  await page.getByRole('button', { name: 'Back to my jobs' }).tap()
  await h.server.close()
  await page.getByRole('button', { name: 'Unscheduled job' }).tap()
  await expect(page.getByTestId('offline-banner')).toBeVisible({ timeout: 30_000 })
  await screenPasses(page, 'unscheduled job, offline')
})

test('the job list groups Today, Overdue and Upcoming', async ({ page }) => {
  const h = office()
  const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString()
  const set = h.office.sqlite.prepare('UPDATE jobs SET scheduled_for = ? WHERE id = ?')
  set.run(at(-3), 'J-1042')
  set.run(new Date().toISOString(), 'J-1057')
  await page.goto(h.base)
  await signIn(page)
  await expect(page.getByTestId('group-today').getByTestId('job-J-1057')).toBeVisible()
  await expect(page.getByTestId('group-overdue').getByTestId('job-J-1042')).toBeVisible()
  const order = await page.locator('[data-testid^="group-"] h3').allTextContents()
  expect(order[0]).toMatch(/^Today/)
})

test('no red error before the technician touched anything: a section speaks once left, everything once Send is pressed', async ({
  page,
}) => {
  const h = office()
  await page.goto(h.base)
  await signIn(page)
  await page.getByTestId('job-J-1057').tap()
  await expect(page.getByText('things to do')).toBeVisible()
  await expect(page.getByTestId('blocking')).toHaveCount(0)
  await expect(page.getByText('enter the hours')).toHaveCount(0)

  // The Lines step left without hours: back on it, it says so.
  await step(page, 'Lines')
  await expect(page.getByTestId('step-issues')).toHaveCount(0)
  await page.getByRole('button', { name: /^Labor/ }).tap()
  await page.getByRole('textbox', { name: 'Hours, labor line 1' }).tap()
  await step(page, 'Photos')
  await step(page, 'Lines')
  await expect(page.getByTestId('step-issues')).toContainText('Labor line 1: enter the hours')
  // The bar says which step owes what.
  await expect(page.getByRole('button', { name: /^Step 3: Photos, 2 to do/ })).toBeVisible()

  // Send on an unready closeout shows every reason instead of doing nothing.
  await page.getByRole('button', { name: 'Send', exact: true }).tap({ force: true })
  await expect(page.getByRole('heading', { name: 'Before you send' })).toBeVisible()
  await expect(page.getByTestId('blocking')).toContainText('Labor line 1: enter the hours')
  await expect(page.getByTestId('outbox-J-1057')).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeDisabled()
})

/**
 * The page's height beyond one 360x640 screen: at most the send bar's own height (the content
 * scrolls clear of the bar it sits under), so each step is read and filled without scrolling.
 */
async function overflow(page: Page): Promise<{ scroll: number; allowed: number }> {
  return page.evaluate(() => ({
    scroll: document.documentElement.scrollHeight,
    allowed: window.innerHeight + (document.querySelector('.bottombar')?.getBoundingClientRect().height ?? 0),
  }))
}

async function expectFits(page: Page, name: string): Promise<void> {
  const { scroll, allowed } = await overflow(page)
  expect(scroll, `${name}: ${scroll} px tall, one screen plus the send bar is ${allowed} px`).toBeLessThanOrEqual(
    allowed,
  )
}

test('each step of the Close Job wizard fits a 360x640 screen, with one Lines section open at a time', async ({
  page,
}) => {
  const h = office()
  await page.goto(h.base)
  await signIn(page)
  await page.getByTestId('job-J-1057').tap()
  // A fresh closeout: every step, and every section of the Lines step opened in turn.
  for (const title of ['Work', 'Lines', 'Photos', 'Signature']) {
    await step(page, title)
    await expectFits(page, `new closeout, ${title}`)
  }
  await step(page, 'Lines')
  await expect(page.getByRole('button', { name: /^On the estimate/ })).toHaveAttribute('aria-expanded', 'true')
  for (const section of ['Labor', 'Parts', 'Equipment & pricing']) {
    await page.getByRole('button', { name: new RegExp(`^${section}`) }).tap()
    await expect(page.getByRole('button', { name: new RegExp(`^${section}`) })).toHaveAttribute('aria-expanded', 'true')
    await expect(page.locator('.fold-open')).toHaveCount(1)
    await expectFits(page, `new closeout, Lines with ${section} open`)
  }
  // "Add part" opens a sheet over the step, not a longer page.
  await page.getByRole('button', { name: 'Add part' }).tap()
  await expect(page.getByRole('dialog', { name: 'Add a part' })).toBeVisible()
  await expectFits(page, 'part picker')
  await page.getByRole('button', { name: 'Close' }).tap()
  await page.getByRole('button', { name: 'Back to my jobs' }).tap()

  // The routine closeout filled in (labor, a part, two photos, a signature): every step still fits.
  await fillRoutineCloseout(page)
  for (const title of ['Work', 'Lines', 'Photos', 'Signature', 'Review']) {
    await step(page, title)
    await expectFits(page, `routine closeout, ${title}`)
  }
})

test('a part’s price reads whole: the dollar sign sits before the digits, not on them', async ({ page }) => {
  const h = office()
  await page.goto(h.base)
  await signIn(page)
  await fillRoutineCloseout(page)
  await step(page, 'Lines')
  const parts = page.getByRole('button', { name: /^Parts/ })
  if ((await parts.getAttribute('aria-expanded')) !== 'true') await parts.tap()
  const price = page.getByRole('textbox', { name: 'Unit price, part 1' })
  await expect(price).toHaveValue(/^\d+\.\d\d$/)
  const sign = page.locator('.price-sign').first()
  const signBox = await sign.boundingBox()
  const textStart = await price.evaluate((el) => {
    const r = el.getBoundingClientRect()
    return r.left + parseFloat(getComputedStyle(el).paddingLeft)
  })
  expect(signBox, 'the $ is shown').not.toBeNull()
  expect(signBox!.x + signBox!.width, 'the $ ends before the price’s first digit').toBeLessThanOrEqual(textStart)
})
