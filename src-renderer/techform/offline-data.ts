import type { TechJobsAnswer, TechPriceBookSnapshot } from '../../src-shared/api/lan'
import { api } from './api'
import { idbDel, idbGet, idbSet } from './idb-store'
import { m } from './i18n'

/**
 * What the phone keeps so a technician can work with no signal: the job list (with job types,
 * labor roles and the rules' inputs) and the whole price book, copied at sign-in and refreshed
 * while the office is in reach. Signing out deletes both: the next person on this phone sees none.
 */
export const JOBS_CACHE = 'cache:jobs'
export const PRICE_BOOK_CACHE = 'cache:price-book'

/** How old the price-book copy may get before an online phone fetches it again. */
const PRICE_BOOK_MAX_AGE_MS = 15 * 60_000

export interface KeptPriceBook extends TechPriceBookSnapshot {
  /** When this phone got the copy (the office's `asOf` is when the office read it). */
  keptAt: string
}

export const readJobs = (): Promise<TechJobsAnswer | undefined> => idbGet<TechJobsAnswer>(JOBS_CACHE)
export const keepJobs = (answer: TechJobsAnswer): Promise<void> => idbSet(JOBS_CACHE, answer)
export const readPriceBook = (): Promise<KeptPriceBook | undefined> => idbGet<KeptPriceBook>(PRICE_BOOK_CACHE)

/** Fetches the price book when the kept copy is missing, stale or `force`d; answers the copy in use. */
export async function refreshPriceBook(force = false): Promise<KeptPriceBook | undefined> {
  const kept = await readPriceBook()
  if (!force && kept && Date.now() - Date.parse(kept.keptAt) < PRICE_BOOK_MAX_AGE_MS) return kept
  try {
    const fresh: KeptPriceBook = { ...(await api.priceBookSnapshot()), keptAt: new Date().toISOString() }
    await idbSet(PRICE_BOOK_CACHE, fresh)
    return fresh
  } catch {
    return kept
  }
}

export async function forgetOfflineData(): Promise<void> {
  await Promise.all([idbDel(JOBS_CACHE), idbDel(PRICE_BOOK_CACHE)])
}

/** "today 7:42 AM" / "Mon, Dec 1, 7:42 AM": when the kept price book was read. */
export function formatAsOf(iso: string, now = new Date()): string {
  const d = new Date(iso)
  const time = d.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' })
  if (d.toDateString() === now.toDateString()) return m().todayAt(time)
  return d.toLocaleString(undefined, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  })
}
