import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { sendBackJob } from '../../src-main/core/approvals/decisions'
import { scanInbox } from '../../src-main/core/inbox/inbox-scan'
import { fillRoutineCloseout, inboxBundles, phoneWithOffice, signIn, step } from './techform-harness'

const office = phoneWithOffice()

interface Doc {
  submissionId: string
  supersedes: string | null
  labor: { role: string; hours: string }[]
  parts: { sku?: string }[]
  attachments: { file: string; category: string }[]
  signature: { signerName: string } | null
  discount: { percent: string } | null
  workPerformed: { tasks: string[] }
}
const readDoc = (id: string): Doc =>
  JSON.parse(readFileSync(join(office().office.sharedDir, 'inbox', id, 'closeout.json'), 'utf8')) as Doc

test('a sent-back job reopens as a copy with the office comment on top, and resends complete', async ({ page }) => {
  const h = office()
  await page.goto(h.base)
  await signIn(page)
  await fillRoutineCloseout(page)
  await step(page, 'Lines')
  // 15% is over the demo's 10% limit: a supervisor must look, and sends it back.
  await page.getByRole('button', { name: /^Equipment & pricing/ }).tap()
  await page.getByRole('switch', { name: 'Ask for a discount' }).tap()
  await page.getByLabel('Percent').fill('15')
  await page.getByLabel('Reason').first().fill('Neighbour')
  await page.getByRole('button', { name: 'Send', exact: true }).tap()
  await expect(page.getByTestId('outbox-J-1057').getByTestId('status')).toHaveText(/Delivered to the office PC/)
  const [firstId] = inboxBundles(h)
  await scanInbox(h.office, {})
  await sendBackJob(h.office, { jobId: 'J-1057', userId: 'U-2', pin: '1357', comment: 'Make the discount 10%' })

  // The list: one entry for the job, the card that says it came back.
  await page.reload()
  await expect(page.getByTestId('job-J-1057')).toContainText('Sent back: Make the discount 10%')
  await expect(page.getByTestId('outbox-J-1057')).toHaveCount(0)

  await page.getByTestId('job-J-1057').tap()
  await expect(page.getByTestId('sent-back-note')).toContainText('Make the discount 10%')
  // Everything sent is there: tasks, labor, the part, both photos (fetched back), the signature.
  await expect(page.getByLabel('What did you do? One task a line')).toHaveValue(/Replaced pressure switch/)
  await expect(page.getByTestId('sent-back-note')).toContainText('filled in below')
  await step(page, 'Photos')
  await expect(page.getByRole('img', { name: 'Before photo 1' })).toBeVisible()
  await expect(page.getByRole('img', { name: 'After photo 1' })).toBeVisible()
  await step(page, 'Signature')
  await expect(page.getByPlaceholder('Full name')).toHaveValue('Pat Doe')
  await step(page, 'Lines')
  // The finding that caused it is on its section, open on arrival.
  const pricing = page.getByRole('region', { name: 'Equipment & pricing' })
  await expect(pricing).toHaveAttribute('data-flagged', 'true')
  await expect(pricing.getByTestId('flags')).toContainText('Discount')
  await expect(pricing.getByRole('button', { name: /^Equipment & pricing/ })).toHaveAttribute('aria-expanded', 'true')
  await page.getByRole('button', { name: /^Labor/ }).tap()
  await expect(page.getByRole('textbox', { name: 'Hours, labor line 1' })).toHaveValue('1')
  await expect(page.getByTestId('part-0')).toContainText('PRESS-SW')
  await page.getByRole('button', { name: /^Equipment & pricing/ }).tap()

  await page.getByLabel('Percent').fill('10')
  await expect(page.getByText('Ready to send')).toBeVisible()
  await page.getByRole('button', { name: 'Send', exact: true }).tap()
  await expect(page.getByTestId('outbox-J-1057').getByTestId('status')).toHaveText(/Delivered to the office PC/)
  await expect(page.getByTestId('outbox-J-1057')).toHaveCount(1)
  await expect(page.getByTestId('job-J-1057')).toHaveCount(0)

  const secondId = inboxBundles(h).find((id) => id !== firstId)
  expect(secondId).toBeDefined()
  const doc = readDoc(String(secondId))
  expect(doc.supersedes).toBe(firstId)
  expect(doc.workPerformed.tasks).toEqual(['Replaced pressure switch', 'Tested furnace through 3 cycles'])
  expect(doc.labor).toMatchObject([{ role: 'journeyman', hours: '1' }])
  expect(doc.parts).toMatchObject([{ sku: 'PRESS-SW' }])
  expect(doc.attachments.map((a) => a.category)).toEqual(['before', 'after'])
  expect(doc.signature?.signerName).toBe('Pat Doe')
  expect(doc.discount?.percent).toBe('10')
})
