import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { copyOfficeToPostgres } from '../../src-main/core/db/pg/copy-office'
import { parseDatabaseOption } from '../../src-main/core/db/pg/engine'
import { openOffice } from '../../src-main/core/office'
import { importDemoSetup } from '../../src-main/core/setup/demo'
import { inCi, postgresAvailable, startPostgres, type PgCluster } from '../support/postgres'
import { expectNoSeriousA11yViolations, openScreen } from './support/office-session'
import { serveOffice, type ServedOffice } from './support/serve'

/**
 * Issue #17 as an admin sees it: two `closeout serve` seats on one PostgreSQL database. The first
 * to start serves the phone form and lists the technicians locked out of it; the other says which
 * PC serves the phones, offers to move the form to it, and says the lockouts are on that PC
 * (they are its own), instead of an empty list that would mislead.
 */
const runs = postgresAvailable() || inCi
let cluster: PgCluster | undefined
let root = ''
const seats: ServedOffice[] = []

test.beforeAll(async () => {
  if (!runs) return
  test.setTimeout(180_000)
  cluster = await startPostgres()
  root = mkdtempSync(join(tmpdir(), 'closeout-e2e-seats-'))
  const origin = join(root, 'origin')
  const office = await openOffice({ dataDir: origin, sharedDir: join(root, 'origin-shared') })
  await importDemoSetup(office)
  await office.close()
  const url = cluster.url(await cluster.createDatabase('seats_form'))
  const database = parseDatabaseOption(url)
  if (database.engine !== 'postgres') throw new Error('not a PostgreSQL string')
  const report = await copyOfficeToPostgres(origin, database)
  if (!report.ok) throw new Error(`copy failed: ${JSON.stringify(report.tables)}`)
  const args = ['--database', url, '--attachments', join(origin, 'attachments')]
  // One after the other: the first seat takes the form.
  seats.push(await serveOffice(args))
  seats.push(await serveOffice(args))
})
test.afterAll(async () => {
  for (const seat of seats) await seat.stop()
  cluster?.stop()
  if (root) rmSync(root, { recursive: true, force: true })
})

test('the seat that serves the phones lists its lockouts; another seat says where they are', async ({ page }) => {
  test.skip(!runs, 'PostgreSQL (initdb/pg_ctl) is not installed here')
  expect(seats[1]!.output()).toContain('Phone form:    served by')

  await openScreen(page, seats[0]!, '#/settings')
  await page.getByRole('navigation', { name: 'Settings sections' }).getByText('Phone form', { exact: true }).click()
  const here = page.getByRole('region', { name: 'Phone form' })
  await expect(here).toContainText('serves the phone form for every seat of the office')
  await expect(here).toContainText('No technician is locked out of the phone form.')

  await openScreen(page, seats[1]!, '#/settings')
  await page.getByRole('navigation', { name: 'Settings sections' }).getByText('Phone form', { exact: true }).click()
  const elsewhere = page.getByRole('region', { name: 'Phone form' })
  await expect(elsewhere.getByRole('note')).toContainText('Another PC serves the phone form')
  await expect(elsewhere.getByRole('button', { name: 'Serve the phone form from this PC' })).toBeVisible()
  await expect(elsewhere.getByTestId('locks-elsewhere')).toContainText(
    'are listed, and unlocked, on the PC that serves it',
  )
  await expect(elsewhere).not.toContainText('No technician is locked out of the phone form.')
  await expectNoSeriousA11yViolations(page)
})
