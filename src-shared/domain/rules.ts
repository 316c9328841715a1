import type { Closeout } from '../schemas/closeout'
import type { Finding } from '../schemas/bundle'
import type { PhotoCategory } from '../schemas/primitives'
import { formatMilli, parseMilli, sumCents, type Cents, type Milli } from './money'
import {
  discountFromCloseout,
  linesFromCloseout,
  percentMilliOf,
  priceInvoice,
  type LaborRateEntry,
  type LineInput,
  type PriceBookEntry,
  type PricedLine,
  type Totals,
} from './pricing'
import type { TaxRounding } from './tax-rounding'
import { estimatePartsCents, moneyFindings, moneyText } from './money-rules'
import { moneyWords, percentWords } from './speech'
import { FINDING_SEVERITY, type FindingCode } from './findings'

export { estimatePartsCents, moneyText }

/**
 * The rules engine (docs/rules.md): one pure function the office uses to decide a job's status
 * and the phone form uses to show "ready / not ready". Every finding code, severity and message
 * is defined here.
 */
export { FINDING_SEVERITY, type FindingCode } from './findings'

export type EstimateLine =
  | { kind: 'part'; sku: string; quantityMilli: Milli; unitPriceCents?: Cents | null | undefined }
  | { kind: 'labor'; role: string; hoursMilli: Milli }

export interface RulesJob {
  id: string
  /** The technician the job is dispatched to; null or absent: anyone may close it. */
  technicianId?: string | null
  notToExceedCents: Cents | null
  estimate: readonly EstimateLine[]
}

export interface RulesJobType {
  id: string
  name: string
  requiredPhotos: Partial<Record<PhotoCategory, number>>
  requireSerialNumber: boolean
  requireSignature: boolean
  laborHoursApprovalOverMilli: Milli | null
}

export interface RulesCustomer {
  id: string
  name: string
  requiresSignature: boolean
}

export interface RulesPolicy {
  discountPercentOverMilli: Milli
  overtimeHoursOverMilli: Milli
  partsOverEstimatePercentMilli: Milli
  signatureExceptionNeedsApproval: boolean
  warrantyNeedsApproval: boolean
  /** v1.1: a credit (negative line) needs approval; default true. */
  creditsNeedApproval?: boolean | undefined
  /** v1.1: work before tax below the estimate by more than this percent (thousandths) needs approval; null: never. */
  belowEstimatePercentMilli?: Milli | null | undefined
}

export interface RulesInput {
  closeout: Closeout
  /** The dispatched job `closeout.job.id` names; null when the office does not know it. */
  job: RulesJob | null
  /** The job's type (for `job.new`, the type it names); null when unknown. */
  jobType: RulesJobType | null
  /** The job's customer (for `job.new`, the customer whose name matches exactly); null when none. */
  customer: RulesCustomer | null
  priceBook: readonly PriceBookEntry[]
  laborRates: readonly LaborRateEntry[]
  /** The customer's sales tax in thousandths of a percent ("6.25" -> 6250); null: no tax. */
  taxRateMilli: Milli | null
  policy: RulesPolicy
  /** How the office's accounting system computes tax (tax-rounding.ts); default per invoice, half up. */
  taxRounding?: TaxRounding | undefined
  /** The office's edited lines; by default the closeout's own. */
  lines?: readonly LineInput[]
  /** The office's currency (ISO 4217): findings then say "$96.00"; without it "96.00". */
  currency?: string | undefined
}

export type Verdict = 'needs-review' | 'needs-approval' | 'invoice-ready'

export interface RulesResult {
  findings: Finding[]
  lines: PricedLine[]
  totals: Totals
  verdict: Verdict
}

const hoursText = (milli: Milli) => `${formatMilli(milli)} h`
const plural = (n: number, one: string, many = `${one}s`) => (n === 1 ? one : many)

function finding(code: FindingCode, message: string, path?: string): Finding {
  return path === undefined
    ? { code, severity: FINDING_SEVERITY[code], message }
    : { code, severity: FINDING_SEVERITY[code], message, path }
}

export function verdictOf(findings: readonly Pick<Finding, 'severity'>[]): Verdict {
  if (findings.some((f) => f.severity === 'block')) return 'needs-review'
  if (findings.some((f) => f.severity === 'approval')) return 'needs-approval'
  return 'invoice-ready'
}

/** The pricing half of evaluateRules alone: the lines and totals, without the checks (for read models). */
export function priceRulesInput(input: RulesInput): Pick<RulesResult, 'lines' | 'totals'> {
  return priceWith(
    input,
    new Map(input.priceBook.map((p) => [p.sku, p])),
    new Map(input.laborRates.map((r) => [r.role, r])),
  )
}

function priceWith(
  input: RulesInput,
  priceBook: ReadonlyMap<string, PriceBookEntry>,
  laborRates: ReadonlyMap<string, LaborRateEntry>,
): Pick<RulesResult, 'lines' | 'totals'> {
  return priceInvoice(
    input.lines ?? linesFromCloseout(input.closeout),
    priceBook,
    laborRates,
    discountFromCloseout(input.closeout),
    input.taxRateMilli,
    input.taxRounding,
  )
}

export function evaluateRules(input: RulesInput): RulesResult {
  const { closeout: doc, job, jobType, customer, policy } = input
  const priceBook = new Map(input.priceBook.map((p) => [p.sku, p]))
  const laborRates = new Map(input.laborRates.map((r) => [r.role, r]))
  const { lines, totals } = priceWith(input, priceBook, laborRates)
  const findings: Finding[] = []
  const say = (cents: Cents) => moneyWords(cents, input.currency)

  findings.push(...jobFindings(input))
  if (jobType) findings.push(...evidenceFindings(doc, jobType))
  findings.push(...signatureFindings(doc, jobType, customer, policy))
  findings.push(...pricingFindings(lines))
  findings.push(...limitFindings(doc, lines, totals, jobType, policy, say))
  if (job) findings.push(...estimateFindings(job, lines, totals, priceBook, policy, say))
  const discountOver = findings.some((f) => f.code === 'discount-over-limit')
  for (const m of moneyFindings(lines, totals, job, policy, priceBook, laborRates, discountOver, say))
    findings.push(finding(m.code, m.message, m.path))
  if (doc.warrantyClaim && policy.warrantyNeedsApproval) {
    findings.push(
      finding('warranty-claim', 'This closeout is a warranty claim; warranty work needs approval', 'warrantyClaim'),
    )
  }
  return { findings, lines, totals, verdict: verdictOf(findings) }
}

function jobFindings({ closeout: doc, job, jobType, customer }: RulesInput): Finding[] {
  const ref = doc.job
  if ('id' in ref) {
    if (job?.technicianId && job.technicianId !== doc.technician.id) {
      return [
        finding(
          'wrong-technician',
          `Job ${job.id} is assigned to ${job.technicianId}, but this closeout was sent as ${doc.technician.id}; reassign the job or send the closeout back`,
          'technician.id',
        ),
      ]
    }
    return job
      ? []
      : [
          finding(
            'unknown-job',
            `Job ${ref.id} is not a job the office knows; match it to a job or create one`,
            'job.id',
          ),
        ]
  }
  const out: Finding[] = []
  if (!customer) {
    out.push(
      finding(
        'unscheduled-job',
        `Unscheduled job for "${ref.new.customerName}", which is not a known customer; confirm or create the customer`,
        'job.new.customerName',
      ),
    )
  }
  if (!jobType) {
    out.push(
      finding(
        'unscheduled-job',
        `Unscheduled job of type "${ref.new.jobType}", which is not a known job type; choose the job type`,
        'job.new.jobType',
      ),
    )
  }
  return out
}

function evidenceFindings(doc: Closeout, jobType: RulesJobType): Finding[] {
  const out: Finding[] = []
  for (const [category, required = 0] of Object.entries(jobType.requiredPhotos) as [
    PhotoCategory,
    number | undefined,
  ][]) {
    const have = doc.attachments.filter((a) => a.category === category).length
    if (have < required) {
      const attached = have === 0 ? 'none attached' : `only ${have} attached`
      out.push(
        finding(
          'missing-photos',
          `${jobType.name} jobs need ${required} ${category} ${plural(required, 'photo')}; ${attached}`,
          'attachments',
        ),
      )
    }
  }
  if (jobType.requireSerialNumber && !doc.serialNumbers.some((s) => s.trim() !== '')) {
    out.push(
      finding(
        'missing-serial-number',
        `${jobType.name} jobs need the equipment's serial number; none given`,
        'serialNumbers',
      ),
    )
  }
  return out
}

function signatureFindings(
  doc: Closeout,
  jobType: RulesJobType | null,
  customer: RulesCustomer | null,
  policy: RulesPolicy,
): Finding[] {
  if (doc.signature) return []
  const byCustomer = customer?.requiresSignature ?? false
  const byJobType = jobType?.requireSignature ?? false
  if (!byCustomer && !byJobType) return []
  const who = byCustomer ? `${customer!.name} requires` : `${jobType!.name} jobs require`
  const exception = doc.exceptions.find((e) => e.kind === 'no-signature' && e.reason.trim() !== '')
  if (!exception) {
    return [finding('missing-signature', `${who} a customer signature; none given and no reason recorded`, 'signature')]
  }
  if (!policy.signatureExceptionNeedsApproval) return []
  return [
    finding('signature-exception', `No customer signature (${who} one): "${exception.reason.trim()}"`, 'exceptions'),
  ]
}

function pricingFindings(lines: readonly PricedLine[]): Finding[] {
  const out: Finding[] = []
  for (const l of lines) {
    if (l.amountCents !== null) continue
    if (l.kind === 'part') {
      const what = l.sku ? `SKU ${l.sku} is not in the price book` : 'it has no SKU'
      out.push(finding('unpriced-part', `Part "${l.description}" has no price and ${what}`, l.path))
    } else if (l.kind === 'labor') {
      out.push(
        finding(
          'unpriced-labor',
          `Labor role "${l.role ?? ''}" has no labor rate; add the rate or change the role`,
          l.path,
        ),
      )
    }
  }
  return out
}

function limitFindings(
  doc: Closeout,
  lines: readonly PricedLine[],
  totals: Totals,
  jobType: RulesJobType | null,
  policy: RulesPolicy,
  say: (cents: Cents) => string,
): Finding[] {
  const out: Finding[] = []
  const d = doc.discount
  if (d?.percent !== undefined) {
    const pct = parseMilli(d.percent)
    if (pct > policy.discountPercentOverMilli) {
      out.push(
        finding(
          'discount-over-limit',
          `Discount ${formatMilli(pct)}% is over the ${formatMilli(policy.discountPercentOverMilli)}% limit`,
          'discount.percent',
        ),
      )
    }
  } else if (d?.amount !== undefined && totals.discount !== 0) {
    // Compared exactly: discount / subtotal > limit%  <=>  discount * 100000 > subtotal * limitMilli.
    const over =
      totals.subtotal <= 0 ||
      BigInt(totals.discount) * 100_000n > BigInt(totals.subtotal) * BigInt(policy.discountPercentOverMilli)
    if (over) {
      const pct =
        totals.subtotal > 0
          ? `${percentWords(percentMilliOf(totals.discount, totals.subtotal), policy.discountPercentOverMilli)} of ${say(totals.subtotal)}`
          : `on a subtotal of ${say(totals.subtotal)}`
      out.push(
        finding(
          'discount-over-limit',
          `Discount ${say(totals.discount)} (${pct}) is over the ${formatMilli(policy.discountPercentOverMilli)}% limit`,
          'discount.amount',
        ),
      )
    }
  }
  const labor = lines.filter((l) => l.kind === 'labor')
  const overtime = sumCents(labor.filter((l) => l.overtime).map((l) => l.quantityMilli))
  if (overtime > policy.overtimeHoursOverMilli) {
    out.push(
      finding(
        'overtime-over-limit',
        `Overtime ${hoursText(overtime)} is over the ${hoursText(policy.overtimeHoursOverMilli)} limit`,
        'labor',
      ),
    )
  }
  const billable = sumCents(labor.filter((l) => l.billable).map((l) => l.quantityMilli))
  const limit = jobType?.laborHoursApprovalOverMilli ?? null
  if (limit !== null && billable > limit) {
    out.push(
      finding(
        'labor-over-limit',
        `Labor ${hoursText(billable)} is over the ${hoursText(limit)} limit for ${jobType!.name} jobs`,
        'labor',
      ),
    )
  }
  return out
}

function estimateFindings(
  job: RulesJob,
  lines: readonly PricedLine[],
  totals: Totals,
  priceBook: ReadonlyMap<string, PriceBookEntry>,
  policy: RulesPolicy,
  say: (cents: Cents) => string,
): Finding[] {
  const out: Finding[] = []
  if (job.estimate.length > 0) {
    const estimateParts = job.estimate.filter((e): e is Extract<EstimateLine, { kind: 'part' }> => e.kind === 'part')
    const onEstimate = new Set(estimateParts.map((e) => e.sku))
    const parts = lines.filter((l) => l.kind === 'part')
    for (const p of parts) {
      if (p.sku && onEstimate.has(p.sku)) continue
      const name = p.sku ? `${p.sku} (${p.description})` : `"${p.description}" (no SKU)`
      out.push(finding('parts-outside-estimate', `Part ${name} is not on the job's estimate`, p.path))
    }
    const estimated = estimatePartsCents(job.estimate, priceBook)
    const actual = sumCents(parts.map((p) => p.amountCents ?? 0))
    const allowed = BigInt(estimated) * (100_000n + BigInt(policy.partsOverEstimatePercentMilli))
    if (estimated > 0 && BigInt(actual) * 100_000n > allowed) {
      const over = percentMilliOf(actual - estimated, estimated)
      out.push(
        finding(
          'parts-outside-estimate',
          `Parts total ${say(actual)} is ${percentWords(over, policy.partsOverEstimatePercentMilli)} over the ${say(estimated)} estimate (the limit is ${formatMilli(policy.partsOverEstimatePercentMilli)}%)`,
          'parts',
        ),
      )
    }
  }
  if (job.notToExceedCents !== null && totals.total > job.notToExceedCents) {
    out.push(
      finding(
        'total-over-nte',
        `Invoice total ${say(totals.total)} is over the job's not-to-exceed amount of ${say(job.notToExceedCents)}`,
      ),
    )
  }
  return out
}
