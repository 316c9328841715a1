import { expect, test } from '@playwright/test'
import { officeCall } from './support/office-api'
import {
  expectNoSeriousA11yViolations,
  openScreen,
  serveDemoWithCloseouts,
  serveForFile,
} from './support/office-session'

const office = serveForFile(serveDemoWithCloseouts)

type Answer = {
  closeout: {
    totals: { subtotalCents: number; discountCents: number | null; taxCents: number; totalCents: number }
  } | null
  estimateCents: number | null
  notToExceedCents: number | null
}

const dollars = (cents: number) => `$${(cents / 100).toFixed(2)}`

test('estimate vs actual compares the work before tax with the estimate, never the sales tax', async ({ page }) => {
  // A clean taxable closeout of an estimated job without a not-to-exceed.
  let found: { jobId: string; answer: Answer } | null = null
  for (const jobId of ['J-1045', 'J-1047', 'J-1043']) {
    const answer = await officeCall<Answer>(office, 'jobs.closeout', { jobId })
    if (
      answer.closeout &&
      answer.estimateCents &&
      answer.notToExceedCents === null &&
      answer.closeout.totals.taxCents > 0
    ) {
      found = { jobId, answer }
      break
    }
  }
  expect(found, 'a demo job with an estimate, tax and no not-to-exceed').not.toBeNull()
  const { jobId, answer } = found!
  const t = answer.closeout!.totals
  const beforeTax = t.subtotalCents - (t.discountCents ?? 0)
  const estimate = answer.estimateCents!
  const ratio = Math.round((beforeTax * 100) / estimate)
  // The test means something only where the tax would change the figure.
  expect(Math.round((t.totalCents * 100) / estimate)).not.toBe(ratio)

  await openScreen(page, office, `#/jobs/${jobId}`)
  const section = page.getByRole('region', { name: 'Estimate vs actual' })
  await expect(section).toContainText(`Actual before tax${dollars(beforeTax)}`)
  await expect(section).toContainText(`${ratio}% of the estimate`)
  await expect(section.getByRole('progressbar')).toHaveAttribute(
    'aria-label',
    `Actual before tax is ${ratio}% of the estimate`,
  )
  if (beforeTax <= estimate) await expect(section).not.toContainText('over')
  await expectNoSeriousA11yViolations(page)
})
