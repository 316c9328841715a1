import { readFileSync } from 'node:fs'
import { ensureLayout, sharedLayout } from '../inbox/layout'
import type { Office } from '../office'
import { resourcePath } from '../paths'
import { HOUR, officeTime, DEMO_TIME_ZONE } from './demo-catalog'
import { DEMO_CLOSEOUTS, demoVisit, writeDemoCloseouts } from './demo-closeouts'
import { planDemoHistory } from './demo-history'
import { writeDemoHistory } from './demo-history-writer'
import { importSetup } from './setup-import'
import { DEMO_OFFICE_KEY } from '../auth/sign-in-screen'
import { withTransaction } from '../db/engine-db'
import { setMappingNameIfMissingIn } from '../settings/accounting-mappings.repo'
import { writeSettingIfMissingIn, writeSettingIn } from '../settings/settings-store'
import { hasCompany } from './company-reads.repo'

type DemoSetup = { company: { nextInvoiceNumber: number }; jobs: { id: string; scheduledFor?: string | null }[] }

function readDemoSetup(): DemoSetup {
  return JSON.parse(readFileSync(resourcePath('demo', 'setup.json'), 'utf8')) as DemoSetup
}

/**
 * Only the demo company's setup file (resources/demo/setup.json: people, price book, twenty
 * scheduled jobs), into an office that has no company yet; no history, empty inbox. Tests build
 * on it. Returns whether it imported.
 */
export async function importDemoSetup(office: Office): Promise<boolean> {
  if (await hasCompany(office)) return false
  await importSetup(office, readDemoSetup(), 'demo')
  await withTransaction(office, (trx) => writeSettingIn(trx, DEMO_OFFICE_KEY, true))
  return true
}

/** The week the demo's schedule was written for; the demo moves it to the current week. */
const DEMO_WEEK_OF = Date.parse('2026-11-25T12:00:00-06:00')
const WEEK = 7 * 24 * HOUR

/** What exports call the demo's adjustment and discount lines, and parts priced by hand. */
const DEMO_MAPPINGS: [kind: string, ref: string, qbo: string, xero: string, iif: string][] = [
  ['adjustment', '*', 'Services:Other charges', 'OTHER', 'Other Charges'],
  ['adjustment', 'trip-charge', 'Services:Trip charge', 'TRIP', 'Trip Charge'],
  ['adjustment', 'discount', 'Discounts given', 'DISCOUNT', 'Discount'],
  ['item', '*', 'Parts:Miscellaneous parts', 'MISC', 'Misc Parts'],
]

/**
 * The demo office as a user should first see it (`serve --demo`, "Load demo"): the company,
 * twelve weeks of history behind the dashboard (invoiced through real export batches), and the
 * last two days' closeouts waiting in `<shared>/inbox` for the inbox to take in and the rules to
 * sort. Only into an office without a company, so loading it again changes nothing.
 */
export async function loadDemoOffice(office: Office, now = Date.now()): Promise<boolean> {
  if (await hasCompany(office)) return false
  const setup = readDemoSetup()
  const shift = Math.round((now - DEMO_WEEK_OF) / WEEK) * WEEK
  for (const job of setup.jobs)
    if (job.scheduledFor) job.scheduledFor = officeTime(Date.parse(job.scheduledFor) + shift)
  // The jobs closed out in the inbox were booked for just before the technician started.
  for (const c of DEMO_CLOSEOUTS) {
    const job = setup.jobs.find((j) => j.id === c.jobId)
    if (job) job.scheduledFor = officeTime(demoVisit(c, now).started - 20 * 60_000)
  }
  const history = planDemoHistory(now)
  // History's exports number its invoices; start early enough that the sequence arrives where the setup file says.
  const invoiced = history.jobs.filter((j) => j.invoicedAt !== null).length
  const nextInvoiceNumber = setup.company.nextInvoiceNumber
  setup.company.nextInvoiceNumber = Math.max(1, nextInvoiceNumber - invoiced)
  await importSetup(office, setup, 'demo')
  await withTransaction(office, async (trx) => {
    await writeSettingIn(trx, DEMO_OFFICE_KEY, true)
    for (const [kind, ref, qbo, xero, iif] of DEMO_MAPPINGS)
      for (const [system, name] of [
        ['qbo', qbo],
        ['xero', xero],
        ['iif', iif],
      ] as const)
        await setMappingNameIfMissingIn(trx, kind, ref, system, name)
    await writeSettingIfMissingIn(trx, 'timeZone', DEMO_TIME_ZONE)
  })
  ensureLayout(sharedLayout(office))
  await writeDemoHistory(office, history, now)
  writeDemoCloseouts(office.sharedDir, now)
  return true
}
