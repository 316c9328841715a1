import type { TechJob, TechJobsAnswer } from '../../src-shared/api/lan'
import type { Draft } from './draft'
import { groupJobs, jobListEntries, type JobGroup } from './job-list'
import { OfflineBanner } from './offline-banner'
import { formatAsOf, type KeptPriceBook } from './offline-data'
import { statusOf, type OutboxRecord } from './send-queue'
import { Icon, StatusPill } from './ui'
import { initials } from './sign-in-screen'

interface Props {
  technician: { id: string; name: string }
  context: TechJobsAnswer | null
  offline: boolean
  priceBook: KeptPriceBook | null
  drafts: Draft[]
  outbox: OutboxRecord[]
  onOpen: (key: string) => void
  onNew: () => void
  onSignOut: () => void
  onRetry: () => void
  onDismiss: (submissionId: string) => void
}

/** "My jobs": what is on the way to the office, then the jobs still to close. */
export function JobsScreen({
  technician,
  context,
  offline,
  priceBook,
  drafts,
  outbox,
  onOpen,
  onNew,
  onSignOut,
  onRetry,
  onDismiss,
}: Props) {
  const { outbox: mine, jobs } = jobListEntries(context?.jobs ?? [], outbox, technician.id)
  const unscheduledDrafts = drafts.filter((d) => d.jobId === null)
  const draftKeys = new Set(drafts.map((d) => d.key))
  const groups = groupJobs(jobs)

  return (
    <div className="screen">
      <header className="topbar">
        <div className="topbar-title">
          <span className="avatar small" aria-hidden>
            {initials(technician.name)}
          </span>
          <div>
            <h1>My jobs</h1>
            <div className="topbar-sub">{technician.name}</div>
          </div>
        </div>
        <button type="button" className="icon-btn" aria-label="Sign out" onClick={onSignOut}>
          <Icon name="out" />
        </button>
      </header>

      {offline ? <OfflineBanner priceBook={priceBook} /> : null}

      <main className="content">
        {mine.length > 0 ? (
          <section aria-label="Sent closeouts">
            <h2 className="list-title">Closeouts</h2>
            <ul className="list">
              {mine.map((r) => (
                <li key={r.submissionId} className="row-card" data-testid={`outbox-${r.jobId ?? 'new'}`}>
                  <div className="row-main">
                    <div className="row-title">{r.title}</div>
                    <div className="row-sub">{r.subtitle}</div>
                    <StatusPill status={statusOf(r)} />
                    {statusOf(r).detail ? <div className="row-detail">{statusOf(r).detail}</div> : null}
                  </div>
                  {r.state === 'queued' && r.attempts > 0 ? (
                    <button type="button" className="btn btn-small" onClick={onRetry}>
                      Retry now
                    </button>
                  ) : null}
                  {r.state === 'failed' ? (
                    <button type="button" className="btn btn-small btn-ghost" onClick={() => onDismiss(r.submissionId)}>
                      Remove
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        <section aria-label="Jobs to close">
          <h2 className="list-title">To close out</h2>
          {context === null ? <div className="skeleton-list" aria-busy="true" /> : null}
          {context !== null && jobs.length === 0 && unscheduledDrafts.length === 0 ? (
            <div className="empty">
              <Icon name="check" size={32} />
              <p>No open jobs. Nice work.</p>
            </div>
          ) : null}
          {GROUPS.map(({ group, title }) =>
            groups[group].length > 0 ? (
              <div key={group} data-testid={`group-${group}`}>
                <h3 className={group === 'overdue' ? 'group-title group-overdue' : 'group-title'}>
                  {title} <span className="group-count">{groups[group].length}</span>
                </h3>
                <ul className="list">
                  {groups[group].map((job) => (
                    <JobCard key={job.id} job={job} hasDraft={draftKeys.has(job.id)} onOpen={() => onOpen(job.id)} />
                  ))}
                </ul>
              </div>
            ) : null,
          )}
          <ul className="list">
            {unscheduledDrafts.map((d) => (
              <li key={d.key}>
                <button type="button" className="job-card" onClick={() => onOpen(d.key)}>
                  <div className="job-top">
                    <span className="job-customer">{d.newJob?.customerName || 'Unscheduled job'}</span>
                    <span className="chip chip-draft">Draft</span>
                  </div>
                  <div className="job-site">{d.newJob?.siteAddress || 'No address yet'}</div>
                </button>
              </li>
            ))}
          </ul>
        </section>
        {priceBook ? (
          <p className="form-hint" data-testid="price-book-as-of">
            Price book as of {formatAsOf(priceBook.asOf)} · {priceBook.items.length} items on this phone
          </p>
        ) : null}
      </main>

      <div className="bottombar">
        <button type="button" className="btn btn-secondary btn-block" onClick={onNew}>
          <Icon name="plus" /> Unscheduled job
        </button>
      </div>
    </div>
  )
}

const GROUPS: { group: JobGroup; title: string }[] = [
  { group: 'today', title: 'Today' },
  { group: 'overdue', title: 'Overdue' },
  { group: 'upcoming', title: 'Upcoming' },
]

function JobCard({ job, hasDraft, onOpen }: { job: TechJob; hasDraft: boolean; onOpen: () => void }) {
  return (
    <li>
      <button
        type="button"
        className={job.sentBack ? 'job-card job-card-warn' : 'job-card'}
        onClick={onOpen}
        data-testid={`job-${job.id}`}
      >
        <div className="job-top">
          <span className="job-customer">{job.customer ?? 'Customer not set'}</span>
          {hasDraft ? <span className="chip chip-draft">Draft</span> : null}
        </div>
        <div className="job-site">
          <Icon name="pin" size={16} /> {job.siteAddress || 'No address'}
        </div>
        <div className="job-meta">
          <span className="chip">{job.jobType ?? 'No job type'}</span>
          {job.scheduledFor ? (
            <span className="job-when">
              <Icon name="clock" size={14} /> {formatWhen(job.scheduledFor)}
            </span>
          ) : null}
          <span className="job-id">{job.id}</span>
        </div>
        {job.sentBack ? (
          <div className="job-sentback">Sent back: {job.sentBack.comment ?? 'see the office'}</div>
        ) : null}
      </button>
    </li>
  )
}

function formatWhen(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return d.toLocaleString(undefined, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  })
}
