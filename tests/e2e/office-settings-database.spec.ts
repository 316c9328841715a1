import { createServer } from 'node:net'
import { expect, test } from '@playwright/test'
import { expectNoSeriousA11yViolations, openScreen, serveForFile } from './support/office-session'
import { serveDemoCompany } from './support/serve'

/** Settings > Database (issue #17) under closeout serve: no PostgreSQL server here, only the failing case. */
const office = serveForFile(serveDemoCompany)

/** A port on this computer nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port
      server.close(() => resolve(port))
    })
  })
}

test('Settings > Database shows the SQLite file in use and says why a PostgreSQL server did not answer', async ({
  page,
}) => {
  await openScreen(page, office, '#/settings')
  await page.getByRole('navigation', { name: 'Settings sections' }).getByText('Database', { exact: true }).click()
  const section = page.getByRole('region', { name: 'Database' })
  await expect(section).toContainText(`SQLite file ${office.dataDir}`)
  // Under serve the environment variable is the way; nothing is kept here.
  await expect(section).toContainText('the database is chosen with CLOSEOUT_DATABASE in the environment')
  await expect(section.getByRole('button', { name: 'Save this database' })).toHaveCount(0)

  const port = await closedPort()
  await section
    .getByLabel('PostgreSQL connection string')
    .fill(`postgres://closeout:Hunter2pw@127.0.0.1:${port}/closeout`)
  await section.getByRole('button', { name: 'Test connection' }).click()
  const alert = section.getByRole('alert', { name: 'Could not connect' })
  await expect(alert).toContainText('Could not connect')
  await expect(alert).toContainText(`Nothing accepted the connection at 127.0.0.1:${port} (connection refused)`)
  await expect(alert).not.toContainText('Hunter2pw')

  // A string that is not one is named before anything connects.
  await section.getByLabel('PostgreSQL connection string').fill('postgres://closeout@server:5432/')
  await section.getByRole('button', { name: 'Test connection' }).click()
  await expect(section.getByRole('alert')).toContainText('url.database: is missing')
  await expectNoSeriousA11yViolations(page)
})
