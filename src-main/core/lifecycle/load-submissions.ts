import type { EngineDb } from '../db/engine-db'
import { textList } from '../db/sql-fragments'
import { CloseoutError } from '../errors'
import { readExportSettingsAsync } from '../settings/export-settings'
import { readCompanyMoneyAsync, readMoneyPolicyAsync } from '../settings/money-settings'
import { taxRoundingFor } from '../../../src-shared/domain/tax-rounding'
import type { Closeout } from '../../../src-shared/schemas/closeout'
import {
  CUSTOMER_COLUMNS,
  ESTIMATE_COLUMNS,
  policyFrom,
  PRICE_BOOK_COLUMNS,
  rulesSharedFrom,
  SUBMISSION_COLUMNS,
  type CustomerRow,
  type EstimateRow,
  type LoadedSubmission,
  type Policy,
  type PriceBookRow,
  type RulesShared,
} from './rules-context'
import type { JobTypesTable } from '../db/schema'
import { assembleAll, byKey, groupBy, lineSkus } from './assemble-context'
import { hasParsedDocument, storedDocument } from './stored-documents'
import { LINE_COLUMNS, rowsToLines, type SubmissionLineRow } from './submission-lines'

/*
 * A submission's rules context (rules-context.ts's shapes) read through Kysely's `.execute()` on
 * either engine (issue #17): for the readers (the approval inbox, a closeout's priced lines) and
 * the writers that evaluate in a withTransaction body (the ingest, the office's edits,
 * decisions), assembled by assemble-context.ts, `policyFrom` and `rulesSharedFrom`.
 */

/** loadPolicy: the approval policy row with the money policy from the settings. */
export async function loadPolicyAsync(edb: EngineDb): Promise<Policy> {
  const row = await edb.db.selectFrom('approval_policy').selectAll().where('id', '=', 1).executeTakeFirst()
  return policyFrom(row, await readMoneyPolicyAsync(edb))
}

/** loadRulesShared: what every submission's evaluation shares, read once for a listing. */
export async function loadRulesSharedAsync(edb: EngineDb): Promise<RulesShared> {
  const { db } = edb
  const policy = await loadPolicyAsync(edb)
  const laborRates = await db.selectFrom('labor_rates').selectAll().execute()
  const taxes = await db.selectFrom('taxes').select(['id', 'rate_milli']).execute()
  const { accountingSystem } = await readCompanyMoneyAsync(edb)
  const { qbo } = await readExportSettingsAsync(edb)
  const company = await db.selectFrom('company').select('currency').where('id', '=', 1).executeTakeFirst()
  return rulesSharedFrom({
    policy,
    laborRates,
    taxes,
    taxRounding: taxRoundingFor(accountingSystem, qbo.form),
    currency: company?.currency,
  })
}

/** loadSubmission: one submission's context, or not-found. */
export async function loadSubmissionAsync(
  edb: EngineDb,
  submissionId: string,
  shared?: RulesShared,
  known?: ReadonlyMap<string, Closeout>,
): Promise<LoadedSubmission> {
  const [loaded] = await loadSubmissionsAsync(edb, [submissionId], shared, known)
  if (!loaded) throw new CloseoutError('not-found', `No submission ${submissionId} (or its job is missing)`)
  return loaded
}

/**
 * What submissions' contexts look up that a writer's transaction does not change (job types,
 * customers, estimates, the price book): kept by a caller evaluating many closeouts in one
 * transaction (the ingest's group), so each is read once for all of them. Absent: not read yet;
 * null / []: read, and there is none.
 */
export interface ContextReads {
  jobTypes?: Map<string, JobTypesTable>
  customers: Map<string, CustomerRow | null>
  estimates: Map<string, EstimateRow[]>
  priceBook: Map<string, PriceBookRow | null>
}

export const freshContextReads = (): ContextReads => ({
  customers: new Map(),
  estimates: new Map(),
  priceBook: new Map(),
})

/**
 * loadSubmissions: many submissions' contexts with a few statements for all of them, in the
 * order asked; missing ones are left out. `known`: documents the caller has parsed already
 * (the ingest's, just stored), not read nor parsed again. `reads`: lookups kept across calls
 * in one transaction (ContextReads).
 */
export async function loadSubmissionsAsync(
  edb: EngineDb,
  submissionIds: readonly string[],
  shared?: RulesShared,
  known?: ReadonlyMap<string, Closeout>,
  reads: ContextReads = freshContextReads(),
): Promise<LoadedSubmission[]> {
  if (submissionIds.length === 0) return []
  const { db, engine } = edb
  const ids = textList(engine, submissionIds)
  const submissions = await db.selectFrom('submissions').select(SUBMISSION_COLUMNS).where('id', 'in', ids).execute()
  // The documents themselves (the largest column) only for those not parsed yet.
  const unparsed = submissions.filter((s) => !known?.has(s.id) && !hasParsedDocument(edb, s.id)).map((s) => s.id)
  const documents = new Map(
    unparsed.length
      ? (
          await db
            .selectFrom('submissions')
            .select(['id', 'document_json'])
            .where('id', 'in', textList(engine, unparsed))
            .execute()
        ).map((d) => [d.id, d.document_json])
      : [],
  )
  const jobIds = db.selectFrom('submissions').select('job_id').where('id', 'in', ids)
  const jobs = byKey(await db.selectFrom('jobs').selectAll().where('id', 'in', jobIds).execute(), (j) => j.id)
  const lineRows = groupBy(
    (await db
      .selectFrom('submission_lines')
      .select(LINE_COLUMNS)
      .where('submission_id', 'in', ids)
      .orderBy('submission_id')
      .orderBy('line_no')
      .execute()) as SubmissionLineRow[],
    (r) => r.submission_id,
  )
  await readEstimates(edb, reads, [...jobs.keys()])
  await readCustomers(
    edb,
    reads,
    [...jobs.values()].flatMap((j) => (j.customer_id ? [j.customer_id] : [])),
  )
  reads.jobTypes ??= byKey(await db.selectFrom('job_types').selectAll().execute(), (t) => t.id)
  const estimates = new Map([...jobs.keys()].map((id) => [id, reads.estimates.get(id) ?? []]))
  const parts = submissions.flatMap((submission) => {
    const job = jobs.get(submission.job_id)
    if (!job) return []
    const closeout = known?.get(submission.id) ?? storedDocument(edb, submission.id, documents.get(submission.id) ?? '')
    const rows = lineRows.get(submission.id) ?? []
    return [{ submission, job, closeout, lineRows: rows, lines: rowsToLines(rows, closeout) }]
  })
  const byName = await customersByName(
    edb,
    parts.flatMap((p) => (!p.job.customer_id && 'new' in p.closeout.job ? [p.closeout.job.new.customerName] : [])),
  )
  await readPriceBook(edb, reads, [...new Set(parts.flatMap((p) => lineSkus(p.lines, estimates.get(p.job.id) ?? [])))])
  const context = shared ?? (await loadRulesSharedAsync(edb))
  return assembleAll(submissionIds, parts, {
    estimates,
    customers: present(reads.customers),
    customerByName: (name) => byName.get(name),
    jobTypes: reads.jobTypes,
    priceBook: present(reads.priceBook),
    shared: context,
  })
}

/** The estimate lines of the jobs not read yet, in order. */
async function readEstimates({ db, engine }: EngineDb, reads: ContextReads, jobIds: readonly string[]): Promise<void> {
  const wanted = jobIds.filter((id) => !reads.estimates.has(id))
  if (wanted.length === 0) return
  const rows = groupBy(
    await db
      .selectFrom('estimate_lines')
      .select(ESTIMATE_COLUMNS)
      .where('job_id', 'in', textList(engine, wanted))
      .orderBy('job_id')
      .orderBy('line_no')
      .execute(),
    (r) => r.job_id,
  )
  for (const id of wanted) reads.estimates.set(id, rows.get(id) ?? [])
}

async function readCustomers({ db, engine }: EngineDb, reads: ContextReads, ids: readonly string[]): Promise<void> {
  const wanted = [...new Set(ids)].filter((id) => !reads.customers.has(id))
  if (wanted.length === 0) return
  const rows = byKey(
    await db.selectFrom('customers').select(CUSTOMER_COLUMNS).where('id', 'in', textList(engine, wanted)).execute(),
    (c) => c.id,
  )
  for (const id of wanted) reads.customers.set(id, rows.get(id) ?? null)
}

async function readPriceBook({ db, engine }: EngineDb, reads: ContextReads, skus: readonly string[]): Promise<void> {
  const wanted = skus.filter((sku) => !reads.priceBook.has(sku))
  if (wanted.length === 0) return
  const rows = byKey(
    await db.selectFrom('price_book').select(PRICE_BOOK_COLUMNS).where('sku', 'in', textList(engine, wanted)).execute(),
    (p) => p.sku,
  )
  for (const sku of wanted) reads.priceBook.set(sku, rows.get(sku) ?? null)
}

/** The entries of a map of lookups that found something. */
function present<T>(map: ReadonlyMap<string, T | null>): Map<string, T> {
  return new Map([...map].flatMap(([k, v]) => (v === null ? [] : [[k, v] as const])))
}

/**
 * The customer a job row created for a closeout goes by: the first of that name by id (compared
 * here, code unit by code unit, so both engines pick the same one whatever the server's collation).
 */
async function customersByName(edb: EngineDb, names: readonly string[]): Promise<Map<string, CustomerRow>> {
  const out = new Map<string, CustomerRow>()
  if (names.length === 0) return out
  const rows = await edb.db
    .selectFrom('customers')
    .select(CUSTOMER_COLUMNS)
    .where('name', 'in', textList(edb.engine, [...new Set(names)]))
    .execute()
  for (const r of rows) {
    const seen = out.get(r.name)
    if (!seen || r.id < seen.id) out.set(r.name, r)
  }
  return out
}
