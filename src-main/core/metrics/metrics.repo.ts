import { withTransaction, type EngineDb } from '../db/engine-db'
import { textList } from '../db/sql-fragments'
import { readSettingAsync, writeSettingIn } from '../settings/settings-store'
import { emptyTimelineState, foldEvent, metricEventData, METRIC_EVENT_TYPES, type TimelineState } from './timeline'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'

/**
 * The dashboard's summary of the log (job_timelines): folded with each event as it is appended
 * (foldIntoSummaryIn, foldManyIntoSummaryIn), and folded again from the whole log when an office
 * opens with a summary of another version. The dashboard reads it through metrics-reads.repo.ts.
 */

export const METRIC_TYPES: ReadonlySet<string> = new Set(METRIC_EVENT_TYPES)

/**
 * Folds an event just appended to the log into its job's summary (job_timelines), in `trx`, the
 * event's own transaction, on either engine: appendEventIn (and appendEventsIn) is the one way
 * into the log, so the summary always says what a fold of the whole log says. The only writer of
 * job_timelines besides its migration and refoldSummaryIfStale.
 */
export async function foldIntoSummaryIn(trx: Kysely<Database>, event: SummaryEvent): Promise<void> {
  if (!METRIC_TYPES.has(event.type)) return
  const row = await summaryOf(trx, event.job_id).executeTakeFirst()
  await upsertSummary(trx, event.job_id, foldedJson(row?.state_json, event)).execute()
}

/**
 * foldIntoSummaryIn for many events at once (an export's batch): each job's summary read and
 * written once with all of its events folded in, in their order. The same summaries as one
 * foldIntoSummaryIn per event.
 */
export async function foldManyIntoSummaryIn(trx: Kysely<Database>, events: readonly SummaryEvent[]): Promise<void> {
  const byJob = new Map<string, SummaryEvent[]>()
  for (const event of events) {
    if (!METRIC_TYPES.has(event.type)) continue
    const list = byJob.get(event.job_id) ?? []
    list.push(event)
    byJob.set(event.job_id, list)
  }
  if (byJob.size === 0) return
  // 500 jobs' summaries read in one statement and written back in one.
  const jobIds = [...byJob.keys()]
  for (let i = 0; i < jobIds.length; i += 500) {
    const chunk = jobIds.slice(i, i + 500)
    const stored = new Map(
      (
        await trx.selectFrom('job_timelines').select(['job_id', 'state_json']).where('job_id', 'in', chunk).execute()
      ).map((r) => [r.job_id, r.state_json]),
    )
    const rows = chunk.map((jobId) => {
      let json = stored.get(jobId)
      for (const event of byJob.get(jobId)!) json = foldedJson(json, event)
      return { job_id: jobId, state_json: json! }
    })
    await trx
      .insertInto('job_timelines')
      .values(rows)
      .onConflict((oc) => oc.column('job_id').doUpdateSet((eb) => ({ state_json: eb.ref('excluded.state_json') })))
      .execute()
  }
}

export type SummaryEvent = { job_id: string; at: string; type: string; data_json: string }

const summaryOf = (db: Kysely<Database>, jobId: string) =>
  db.selectFrom('job_timelines').select('state_json').where('job_id', '=', jobId)

const upsertSummary = (db: Kysely<Database>, jobId: string, state_json: string) =>
  db
    .insertInto('job_timelines')
    .values({ job_id: jobId, state_json })
    .onConflict((oc) => oc.column('job_id').doUpdateSet({ state_json }))

/** A job's summary with one more event folded in, as stored. */
function foldedJson(stateJson: string | undefined, event: SummaryEvent): string {
  const state = stateJson ? (JSON.parse(stateJson) as TimelineState) : emptyTimelineState(event.job_id)
  foldEvent(state, {
    at: event.at,
    type: event.type,
    data: metricEventData(event.type, JSON.parse(event.data_json) as Record<string, unknown>),
  })
  return JSON.stringify(state)
}

/**
 * The version of what foldEvent keeps. Raise it whenever the fold changes what a summary holds
 * (version 2: a stretch never starts before the status it replaces began, and contiguous
 * stretches of a stage are merged); an office whose summary another version folded is folded
 * again from its log when it opens (refoldSummaryIfStale).
 */
export const TIMELINE_FOLD_VERSION = 2
const FOLD_VERSION_KEY = 'metrics.timelineFoldVersion'

/**
 * Makes job_timelines what this version's fold of the whole log says, in one transaction, if it
 * was folded by another version (or never: the table's migration only creates it). Returns
 * whether it folded. Run when an office opens, before anything reads the dashboard.
 */
export async function refoldSummaryIfStale(edb: EngineDb): Promise<boolean> {
  if ((await readSettingAsync(edb, FOLD_VERSION_KEY)) === TIMELINE_FOLD_VERSION) return false
  // Read (a page at a time, by id) before the transaction, which on SQLite awaits only its own
  // statements: the office is opening, nothing appends meanwhile.
  const states = new Map<string, TimelineState>()
  for (let after = 0; ;) {
    const events = await edb.db
      .selectFrom('job_events')
      .select(['id', 'job_id', 'at', 'type', 'data_json'])
      .where('type', 'in', textList(edb.engine, METRIC_EVENT_TYPES))
      .where('id', '>', after)
      .orderBy('id')
      .limit(REFOLD_PAGE)
      .execute()
    for (const e of events) {
      let state = states.get(e.job_id)
      if (!state) states.set(e.job_id, (state = emptyTimelineState(e.job_id)))
      foldEvent(state, {
        at: e.at,
        type: e.type,
        data: metricEventData(e.type, JSON.parse(e.data_json) as Record<string, unknown>),
      })
    }
    if (events.length < REFOLD_PAGE) break
    after = Number(events[events.length - 1]!.id)
  }
  await withTransaction(edb, async (trx) => {
    await trx.deleteFrom('job_timelines').execute()
    const rows = [...states].map(([job_id, state]) => ({ job_id, state_json: JSON.stringify(state) }))
    for (let i = 0; i < rows.length; i += 500)
      await trx
        .insertInto('job_timelines')
        .values(rows.slice(i, i + 500))
        .execute()
    await writeSettingIn(trx, FOLD_VERSION_KEY, TIMELINE_FOLD_VERSION)
  })
  return true
}

const REFOLD_PAGE = 5000
