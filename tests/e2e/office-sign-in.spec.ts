import { expect, test } from '@playwright/test'
import { expectNoSeriousA11yViolations, openScreen, serveForFile, signInOnScreen } from './support/office-session'
import { rawOfficeCall } from './support/office-api'
import { serveDemoCompany, type ServedOffice } from './support/serve'

// Issue #12 item 2: the office opened for anyone, and Settings let a billing user hand out roles and PINs.
const office = serveForFile(serveDemoCompany)

const SUPERVISOR = { name: 'Lee Park (supervisor)', pin: '1357' }

/** The phone form's port, as `serve` printed it. */
function phonePort(served: ServedOffice): number {
  const m = /Phone form:\s+http:\/\/[^:\s]+:(\d+)/.exec(served.output())
  if (!m) throw new Error(`serve printed no phone form address:\n${served.output()}`)
  return Number(m[1])
}

test('the office opens on a sign-in screen that lists the demo users; a wrong PIN is refused; sign-out locks it', async ({
  page,
}) => {
  await page.goto(office.loginUrl)
  await expect(page.getByRole('heading', { name: 'Sign in to Closeout' })).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0)
  const demo = page.getByLabel('Demo users')
  await expect(demo).toContainText('Dana Kim (billing)')
  await expect(demo).toContainText('2468')
  await expectNoSeriousA11yViolations(page)

  await signInOnScreen(page, 'Dana Kim (billing)', '1111')
  await expect(page.getByRole('alert')).toContainText('Wrong PIN')
  await signInOnScreen(page, 'Dana Kim (billing)', '2468')
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible()
  await expect(page.getByTestId('signed-in-user')).toHaveText('Dana Kim (billing)')

  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByRole('heading', { name: 'Sign in to Closeout' })).toBeVisible()
  // The browser's API calls are refused now, not just hidden.
  const status = await page.evaluate(async () => {
    const r = await fetch('/api/jobs.counts', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-closeout': '1' },
      body: '{}',
    })
    return r.status
  })
  expect(status).toBe(401)
})

test('the screen locks after the idle minutes without use', async ({ page }) => {
  await page.clock.install()
  await openScreen(page, office, '#/inbox')
  await page.clock.fastForward('14:00')
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible()
  await page.clock.fastForward('01:30')
  await expect(page.getByRole('heading', { name: 'Sign in to Closeout' })).toBeVisible()
  await expect(page.getByRole('status')).toContainText('Locked after 15 minutes without use')
})

test('a supervisor sees Office users read-only; the admin changes them confirming with their own PIN', async ({
  page,
}) => {
  await openScreen(page, office, '#/settings', SUPERVISOR)
  await page.getByRole('navigation', { name: 'Settings sections' }).getByText('Office users', { exact: true }).click()
  const users = page.getByRole('region', { name: 'Office users' })
  await expect(users).toContainText('Only an admin can change this section.')
  await expect(users.getByRole('button', { name: 'Save' })).toHaveCount(0)
  await expect(users.getByLabel('Lee Park (supervisor) roles')).toBeDisabled()

  await page.getByRole('button', { name: 'Sign out' }).click()
  await openScreen(page, office, '#/settings')
  await page.getByRole('navigation', { name: 'Settings sections' }).getByText('Office users', { exact: true }).click()
  const editable = page.getByRole('region', { name: 'Office users' })
  await editable.getByRole('combobox', { name: 'Lee Park (supervisor) works as technician' }).click()
  await page.getByRole('option', { name: 'Works as Sam Ortiz' }).click()
  await editable.getByRole('button', { name: 'Save' }).click()
  await expect(editable.getByRole('alert')).toContainText('Enter your PIN to confirm')
  await editable.getByLabel('Your PIN, to confirm').fill('2468')
  await editable.getByRole('button', { name: 'Save' }).click()
  await expect(editable.getByRole('status')).toContainText('Saved')
  await expectNoSeriousA11yViolations(page)
})

test('Settings lists a technician locked out on a phone and the admin unlocks them', async ({ page }) => {
  const port = phonePort(office)
  for (let i = 0; i < 4; i++)
    await fetch(`http://127.0.0.1:${port}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ technicianId: 'T-08', pin: '0000' }),
    })
  await openScreen(page, office, '#/settings')
  await page.getByRole('navigation', { name: 'Settings sections' }).getByText('Phone form', { exact: true }).click()
  const locks = page.getByRole('region', { name: 'Locked technicians' })
  await expect(locks).toContainText('Priya Natarajan')
  await locks.getByLabel('Your PIN, to unlock').fill('2468')
  await locks.getByRole('button', { name: 'Unlock' }).click()
  await expect(locks.getByRole('status')).toContainText('Priya Natarajan can sign in again')
  await expect(locks).toContainText('No technician is locked out')
  const phone = await fetch(`http://127.0.0.1:${port}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ technicianId: 'T-08', pin: '5678' }),
  })
  expect(phone.status).toBe(200)
})

// Issue #12 item 3 for office users: five wrong PINs locked a user everywhere, nothing could lift it, and the screen said nothing of how long.
test('the sign-in screen says how long a locked user waits; the admin sees the lock and lifts it', async ({ page }) => {
  await page.goto(office.loginUrl)
  await expect(page.getByRole('heading', { name: 'Sign in to Closeout' })).toBeVisible()
  for (let i = 0; i < 4; i++) {
    await signInOnScreen(page, SUPERVISOR.name, '0000')
    const left = 4 - i
    await expect(page.getByRole('alert')).toContainText(
      `${left} ${left === 1 ? 'try' : 'tries'} left before a 5-minute lock`,
    )
  }
  await signInOnScreen(page, SUPERVISOR.name, '0000')
  await expect(page.getByRole('alert')).toContainText(`${SUPERVISOR.name} is locked for 5 min`)
  await signInOnScreen(page, SUPERVISOR.name, SUPERVISOR.pin)
  await expect(page.getByRole('alert')).toContainText('try again in 5 min')

  // Another user signs in on the same PC: the lock is the supervisor's alone.
  await openScreen(page, office, '#/settings')
  await page.getByRole('navigation', { name: 'Settings sections' }).getByText('Sign-in', { exact: true }).click()
  const locks = page.getByRole('region', { name: 'Locked office users' })
  await expect(locks).toContainText(SUPERVISOR.name)
  await expect(locks).toContainText('This PC')
  await expectNoSeriousA11yViolations(page)
  await locks.getByLabel('Your PIN, to unlock a user').fill('2468')
  await locks.getByRole('button', { name: `Unlock ${SUPERVISOR.name}` }).click()
  await expect(locks.getByRole('status')).toContainText(`${SUPERVISOR.name} can sign in again`)
  await expect(locks).toContainText('No office user is locked out')

  await page.getByRole('button', { name: 'Sign out' }).click()
  await signInOnScreen(page, SUPERVISOR.name, SUPERVISOR.pin)
  await expect(page.getByTestId('signed-in-user')).toHaveText(SUPERVISOR.name)
})

test('a script needs the access token and a signed-in session', async () => {
  const anonymous = await rawOfficeCall(office, 'jobs.counts', {}, null)
  expect(anonymous.status).toBe(401)
  expect(anonymous.body.error?.code).toBe('not-signed-in')
  const signed = await rawOfficeCall(office, 'session.signIn', { userId: 'U-2', pin: '1357' }, null)
  const sessionId = (signed.body.value as { sessionId: string }).sessionId
  expect((await rawOfficeCall(office, 'jobs.counts', {}, sessionId)).status).toBe(200)
})
