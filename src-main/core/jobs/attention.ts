import type { JobStatus } from '../../../src-shared/domain/status'
import type { EngineDb } from '../db/engine-db'
import { binaryOrder } from '../db/sql-fragments'
import { inboxHealth } from '../inbox/health'
import type { Office } from '../office'

/** What deserves the user's attention right now: the desktop's tray count and notifications. */
export interface Attention {
  /** Jobs waiting for approval, with their customer for the notification text. */
  needsApproval: { id: string; customer: string | null }[]
  /** Rejected bundle folders, with the reason and where they are (for "Show in folder"). */
  rejected: { folder: string; path: string; reason: string }[]
}

/** The tray's count and notifications now: jobs from the database, rejected bundles from the inbox. */
export async function attentionNow(office: Office): Promise<Attention> {
  const needsApproval = await jobsNeedingApproval(office)
  const rejected = (await inboxHealth(office)).rejected.map((r) => ({
    folder: r.folder,
    path: r.path,
    reason: r.reason,
  }))
  return { needsApproval, rejected }
}

/**
 * The jobs waiting for approval, the one changed longest ago first, on either engine (issue #17):
 * ordered by the characters' codes, so PostgreSQL gives SQLite's order whatever its language.
 */
export async function jobsNeedingApproval({ engine, db }: EngineDb): Promise<Attention['needsApproval']> {
  return db
    .selectFrom('jobs as j')
    .leftJoin('customers as c', 'c.id', 'j.customer_id')
    .select(['j.id', 'c.name as customer'])
    .where('j.status', '=', 'needs-approval' satisfies JobStatus)
    .orderBy(binaryOrder(engine, 'j.updated_at'))
    .orderBy(binaryOrder(engine, 'j.id'))
    .execute()
}

/** What is new since `before`: each job or bundle is announced once, never again on restart of the watch. */
export function newSince(before: Attention, now: Attention): Attention {
  const jobs = new Set(before.needsApproval.map((j) => j.id))
  const folders = new Set(before.rejected.map((r) => r.folder))
  return {
    needsApproval: now.needsApproval.filter((j) => !jobs.has(j.id)),
    rejected: now.rejected.filter((r) => !folders.has(r.folder)),
  }
}

type Notice = { title: string; body: string; kind: 'approval' | 'rejected'; target: string }

/** The notification texts for what is new (at most one per kind, so a burst is one alert). */
export function notificationsFor(fresh: Attention): Notice[] {
  const out: Notice[] = []
  const [job] = fresh.needsApproval
  if (job) {
    out.push({
      kind: 'approval',
      target: job.id,
      title:
        fresh.needsApproval.length === 1
          ? `${job.id} needs approval`
          : `${fresh.needsApproval.length} jobs need approval`,
      body:
        fresh.needsApproval.length === 1
          ? `${job.customer ?? 'A job'} is waiting for a supervisor.`
          : fresh.needsApproval.map((j) => j.id).join(', '),
    })
  }
  const [bundle] = fresh.rejected
  if (bundle) {
    out.push({
      kind: 'rejected',
      target: bundle.path,
      title:
        fresh.rejected.length === 1
          ? 'A closeout bundle was rejected'
          : `${fresh.rejected.length} closeout bundles were rejected`,
      body:
        fresh.rejected.length === 1
          ? `${bundle.folder}: ${bundle.reason.replace(/-/g, ' ')}. Nothing was deleted; it is in the rejected folder.`
          : 'Nothing was deleted; they are in the rejected folder.',
    })
  }
  return out
}
