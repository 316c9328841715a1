import { createServer } from 'node:net'
import { expect, test } from '@playwright/test'
import { officeCall } from './support/office-api'
import {
  expectNoSeriousA11yViolations,
  openScreen,
  serveDemoWithCloseouts,
  serveForFile,
  signAs,
  signInOnScreen,
} from './support/office-session'

// Issue #12 item 7: a supervisor approves from their own desk through the second seat.
const office = serveForFile(serveDemoWithCloseouts)

async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((done) => probe.listen(0, done))
  const port = (probe.address() as { port: number }).port
  await new Promise<void>((done) => probe.close(() => done()))
  return port
}

test('an admin opens the second seat, a supervisor signs in there and approves, the admin signs them out', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000)
  // The admin at the office PC (the demo has no admin: its billing user acts as one).
  await openScreen(page, office, '#/settings/second-seat')
  const card = page.getByRole('region', { name: 'Second seat' })
  await expect(card).toContainText('Off: nothing listens for the office UI on the network.')
  const port = await freePort()
  await card.getByLabel('Open the office UI to other PCs on this network').check()
  await card.getByLabel('Port').fill(String(port))
  await card.getByLabel('Your PIN, to confirm').fill('2468')
  await card.getByRole('button', { name: 'Save' }).click()
  await expect(card.getByRole('status')).toContainText('Other PCs in the office can open')
  const link = card.getByRole('link', { name: 'Second seat address' }).first()
  await expect(link).toContainText(`:${port}/`)
  const seatUrl = (await link.getAttribute('href'))!
  expect(seatUrl).toMatch(new RegExp(`^http://[^/]+:${port}/$`))
  expect(new URL(seatUrl).port).not.toBe(new URL(office.url).port)

  // The supervisor's own desk: another browser, the seat's address, no token anywhere.
  const desk = await browser.newContext()
  const supervisor = await desk.newPage()
  await supervisor.goto(seatUrl)
  await expect(supervisor.getByRole('heading', { name: 'Sign in to Closeout' })).toBeVisible()
  await signInOnScreen(supervisor, 'Lee Park (supervisor)', '1357')
  await expect(supervisor.getByRole('navigation', { name: 'Main' })).toBeVisible()
  await supervisor.goto(new URL('#/approvals', seatUrl).toString())
  await supervisor.locator('[data-approval="J-1046"]').getByRole('button', { name: 'Approve' }).click()
  await signAs(supervisor, 'Lee Park (supervisor)', '1357')
  await supervisor.getByRole('dialog').getByLabel('PIN').press('Enter')
  await expect(supervisor.getByRole('status')).toContainText('J-1046 approved')
  expect((await officeCall<{ status: string }>(office, 'jobs.get', { id: 'J-1046' })).status).toBe('invoice-ready')
  // The session cookie is the seat's own, HttpOnly and SameSite=Strict.
  const cookies = await desk.cookies()
  expect(cookies.map((c) => c.name)).toEqual(['closeout_seat'])
  expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict' })

  // Back at the office PC: the list shows the supervisor on the second seat; the admin signs them out.
  const sessions = page.getByRole('region', { name: 'Signed-in sessions' })
  await sessions.getByRole('button', { name: 'Refresh' }).click()
  const row = sessions.getByRole('row', { name: 'Session of Lee Park (supervisor)' })
  await expect(row).toContainText('Second seat')
  // From this PC the browser reaches the LAN address, so that is where the sign-in came from.
  await expect(row).toContainText(new URL(seatUrl).hostname)
  await expectNoSeriousA11yViolations(page)
  await sessions.getByLabel('Your PIN, to sign someone out').fill('2468')
  await row.getByRole('button', { name: 'Sign out' }).click()
  await expect(sessions.getByRole('status')).toContainText('Lee Park (supervisor) is signed out.')
  await expect(row).toHaveCount(0)

  // The supervisor's next step lands on the sign-in screen.
  await supervisor.reload()
  await expect(supervisor.getByRole('heading', { name: 'Sign in to Closeout' })).toBeVisible()
  await desk.close()

  // Switched off, the address stops answering.
  await card.getByLabel('Open the office UI to other PCs on this network').uncheck()
  await card.getByLabel('Your PIN, to confirm').fill('2468')
  await card.getByRole('button', { name: 'Save' }).click()
  await expect(card.getByRole('status')).toContainText('The second seat is off')
  await expect(fetch(seatUrl)).rejects.toThrow()
})
