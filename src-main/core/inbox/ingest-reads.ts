import type { Kysely } from 'kysely'
import type { Closeout } from '../../../src-shared/schemas/closeout'
import type { EngineName } from '../db/engine-db'
import type { Database } from '../db/schema'
import { findJobLinksIn, type JobLink } from '../jobs/job-rows.repo'
import { freshContextReads, type ContextReads } from '../lifecycle/load-submissions'
import { taxabilityIn, technicianIdsIn } from '../setup/catalog-reads.repo'

/**
 * What the closeouts of one ingest transaction look up, read once for all of them (issue #17:
 * on PostgreSQL each statement is a round trip, so a group of 32 closeouts asks for its
 * technicians, taxability and jobs in a handful of statements, not a few per closeout). A key
 * not read yet is read when first asked. The catalog does not change during an ingest; a job
 * does: one being written is forgotten (`touch`) and, once written, answered as written (`know`).
 */
export class IngestReads {
  private readonly technicians = new Map<string, boolean>()
  private readonly roles = new Map<string, number | null>()
  private readonly skus = new Map<string, number | null>()
  private readonly jobs = new Map<string, JobLink | null>()
  /** What the rules' contexts look up (job types, customers, estimates, prices), for the group's evaluations. */
  readonly context: ContextReads = freshContextReads()

  constructor(
    private readonly trx: Kysely<Database>,
    private readonly engine: EngineName,
  ) {}

  /** Reads, for all of `docs` at once, what their closeouts will ask. */
  async prefetch(docs: readonly Closeout[]): Promise<void> {
    await this.readTechnicians(docs.map((d) => d.technician.id))
    await this.readTaxability(docs)
    await this.readJobs(docs.flatMap((d) => ('id' in d.job ? [d.job.id] : [])))
  }

  async isTechnician(id: string): Promise<boolean> {
    if (!this.technicians.has(id)) await this.readTechnicians([id])
    return this.technicians.get(id) === true
  }

  /** Each labor role's and price-book SKU's taxability (0/1) as the catalog has it; absent if it has not. */
  async taxability(doc: Closeout): Promise<{ roles: Map<string, number>; skus: Map<string, number> }> {
    await this.readTaxability([doc])
    const known = (from: Map<string, number | null>, keys: readonly string[]) =>
      new Map(keys.flatMap((k) => (typeof from.get(k) === 'number' ? [[k, from.get(k)!] as const] : [])))
    return { roles: known(this.roles, rolesOf(doc)), skus: known(this.skus, skusOf(doc)) }
  }

  async jobLink(id: string): Promise<JobLink | undefined> {
    if (!this.jobs.has(id)) await this.readJobs([id])
    return this.jobs.get(id) ?? undefined
  }

  /** The job is changing in this transaction (created, its status moved): ask the database next time. */
  touch(id: string): void {
    this.jobs.delete(id)
  }

  /** A write rolled back (a bundle's savepoint): every job is asked of the database again. */
  forgetJobs(): void {
    this.jobs.clear()
  }

  /** The job as this transaction has just written it: answered without asking the database. */
  know(link: JobLink): void {
    this.jobs.set(link.id, link)
  }

  private async readTechnicians(ids: readonly string[]): Promise<void> {
    const wanted = [...new Set(ids)].filter((id) => !this.technicians.has(id))
    const found = await technicianIdsIn(this.trx, this.engine, wanted)
    for (const id of wanted) this.technicians.set(id, found.has(id))
  }

  private async readTaxability(docs: readonly Closeout[]): Promise<void> {
    const roles = [...new Set(docs.flatMap(rolesOf))].filter((r) => !this.roles.has(r))
    const skus = [...new Set(docs.flatMap(skusOf))].filter((s) => !this.skus.has(s))
    if (roles.length === 0 && skus.length === 0) return
    const found = await taxabilityIn(this.trx, this.engine, roles, skus)
    for (const r of roles) this.roles.set(r, found.roles.get(r) ?? null)
    for (const s of skus) this.skus.set(s, found.skus.get(s) ?? null)
  }

  private async readJobs(ids: readonly string[]): Promise<void> {
    const wanted = [...new Set(ids)].filter((id) => !this.jobs.has(id))
    const found = await findJobLinksIn(this.trx, this.engine, wanted)
    for (const id of wanted) this.jobs.set(id, found.get(id) ?? null)
  }
}

const rolesOf = (doc: Closeout): string[] => doc.labor.map((l) => l.role)
const skusOf = (doc: Closeout): string[] => doc.parts.flatMap((p) => (p.sku ? [p.sku] : []))
