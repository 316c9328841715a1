import type { TechJob, TechJobsAnswer } from '../../src-shared/api/lan'
import type { PriceBookEntry } from '../../src-shared/domain/pricing'
import type { FormCatalog } from '../../src-shared/schemas/office-snapshot'

/**
 * `GET /api/jobs` from its parts, whoever holds them (the office database or the office's
 * snapshot in the shared folder): the technician's open jobs, the office-wide catalog, and the
 * price-book entries of the SKUs those jobs name.
 */
export function assembleJobsAnswer(
  technician: TechJobsAnswer['technician'],
  jobs: TechJob[],
  catalog: FormCatalog,
  priceBookFor: (skus: ReadonlySet<string>) => PriceBookEntry[],
): TechJobsAnswer {
  const skus = skusOf(jobs)
  return {
    technician,
    jobs,
    jobTypes: catalog.jobTypes,
    laborRoles: catalog.laborRoles,
    rules: { ...catalog.rules, priceBook: skus.size ? bySku(priceBookFor(skus)) : [] },
  }
}

/** The SKUs the jobs' estimates (and their sent-back copies) name: the price-book entries the answer carries. */
export function skusOf(jobs: readonly TechJob[]): Set<string> {
  const skus = new Set<string>()
  for (const job of jobs) {
    for (const line of job.estimate) if (line.kind === 'part' && line.sku) skus.add(line.sku)
    // A reopened copy prices its parts on the phone's checklist like the estimate's.
    for (const p of job.sentBack?.closeout?.parts ?? []) if (p.sku) skus.add(p.sku)
  }
  return skus
}

/** One order whoever answers (SQLite's BINARY order of the SKU). */
const bySku = (entries: PriceBookEntry[]): PriceBookEntry[] =>
  entries.sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))
