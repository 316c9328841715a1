import { formatMilli, lineAmount, sumCents, type Cents, type Milli } from './money'
import { moneyText, percentWords } from './speech'
import { percentMilliOf, type LaborRateEntry, type PriceBookEntry, type PricedLine, type Totals } from './pricing'
import type { EstimateLine, RulesJob, RulesPolicy } from './rules'

/**
 * The v1.1 rules on negative money and under-billing (spec/shared-folder-v1.md section 6,
 * docs/rules.md "Negative money"): credits need approval, credits count against the discount
 * limit, a negative total is not an invoice, and an actual far below the estimate is an exception.
 */
export type MoneyFindingCode = 'credit-needs-approval' | 'negative-total' | 'below-estimate' | 'discount-over-limit'

export interface MoneyFinding {
  code: MoneyFindingCode
  message: string
  path?: string
}

export { moneyText }

/** The estimate's parts at the estimate's price, else the price book's (unknown SKUs count 0). */
export function estimatePartsCents(
  estimate: readonly EstimateLine[],
  priceBook: ReadonlyMap<string, PriceBookEntry>,
): Cents {
  return sumCents(
    estimate.map((e) =>
      e.kind === 'part'
        ? lineAmount(e.unitPriceCents ?? priceBook.get(e.sku)?.unitPriceCents ?? 0, e.quantityMilli)
        : 0,
    ),
  )
}

/** The credits of an invoice: lines below zero (negative adjustments, negative part prices). */
export function creditLines(lines: readonly PricedLine[]): PricedLine[] {
  return lines.filter((l) => (l.amountCents ?? 0) < 0)
}

/** The estimate's parts and labor at the estimate's prices, else the price book's and the labor rates. */
export function estimateCents(
  job: RulesJob,
  priceBook: ReadonlyMap<string, PriceBookEntry>,
  laborRates: ReadonlyMap<string, LaborRateEntry>,
): Cents {
  const labor = sumCents(
    job.estimate.map((e) =>
      e.kind === 'labor' ? lineAmount(laborRates.get(e.role)?.rateCents ?? 0, e.hoursMilli) : 0,
    ),
  )
  return estimatePartsCents(job.estimate, priceBook) + labor
}

export function moneyFindings(
  lines: readonly PricedLine[],
  totals: Totals,
  job: RulesJob | null,
  policy: RulesPolicy,
  priceBook: ReadonlyMap<string, PriceBookEntry>,
  laborRates: ReadonlyMap<string, LaborRateEntry>,
  discountAlreadyOver: boolean,
  say: (cents: Cents) => string = moneyText,
): MoneyFinding[] {
  const out: MoneyFinding[] = []
  const credits = creditLines(lines)
  const creditTotal = -sumCents(credits.map((l) => l.amountCents ?? 0))
  if (credits.length > 0 && (policy.creditsNeedApproval ?? true)) {
    for (const c of credits) {
      out.push({
        code: 'credit-needs-approval',
        message: `"${c.description}" is a credit of ${say(c.amountCents ?? 0)}; credits need approval`,
        path: c.path,
      })
    }
  }
  if (creditTotal > 0 && !discountAlreadyOver) {
    // Measured against the work before any reduction: the positive lines.
    const gross = totals.subtotal + creditTotal
    const reduction = totals.discount + creditTotal
    const limit: Milli = policy.discountPercentOverMilli
    if (gross <= 0 || BigInt(reduction) * 100_000n > BigInt(gross) * BigInt(limit)) {
      const pct = gross > 0 ? `${percentWords(percentMilliOf(reduction, gross), limit)} of ${say(gross)}` : 'of nothing'
      out.push({
        code: 'discount-over-limit',
        message: `Discount and credits ${say(reduction)} (${pct}) are over the ${formatMilli(limit)}% limit`,
        path: 'adjustments',
      })
    }
  }
  if (totals.total < 0) {
    out.push({
      code: 'negative-total',
      message: `The total is ${say(totals.total)}: a negative total is a credit memo, not an invoice; correct the lines or issue a credit memo in the accounting system`,
    })
  }
  const below = policy.belowEstimatePercentMilli
  if (job && below !== undefined && below !== null && job.estimate.length > 0) {
    const estimate = estimateCents(job, priceBook, laborRates)
    const actual = totals.subtotal - totals.discount
    // actual < estimate x (100 - below)%, exactly.
    if (estimate > 0 && BigInt(actual) * 100_000n < BigInt(estimate) * (100_000n - BigInt(below))) {
      out.push({
        code: 'below-estimate',
        message: `Work before tax ${say(actual)} is ${percentWords(percentMilliOf(actual, estimate))} of the ${say(estimate)} estimate (more than ${formatMilli(below)}% below it)`,
      })
    }
  }
  return out
}
