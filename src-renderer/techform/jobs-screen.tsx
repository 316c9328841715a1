import type { TechJob, TechJobsAnswer } from '../../src-shared/api/lan'
import type { Draft } from './draft'
import { groupJobs, jobListEntries, type JobGroup } from './job-list'
import { OfflineBanner } from './offline-banner'
import { formatAsOf, type KeptPriceBook } from './offline-data'
import { statusOf, type OutboxRecord } from './send-queue'
import { Icon, StatusPill } from './ui'
import { initials } from './sign-in-screen'
import { currentLang, m } from './i18n'
import type { Messages } from './i18n/en'

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
  const w = m()

  return (
    <div className="screen">
      <header className="topbar">
        <div className="topbar-title">
          <span className="avatar small" aria-hidden>
            {initials(technician.name)}
          </span>
          <div>
            <h1>{w.myJobs}</h1>
            <div className="topbar-sub">{technician.name}</div>
          </div>
        </div>
        <button type="button" className="icon-btn" aria-label={w.signOut} onClick={onSignOut}>
          <Icon name="out" />
        </button>
      </header>

      {offline ? <OfflineBanner priceBook={priceBook} /> : null}

      <main className="content">
        {mine.length > 0 ? (
          <section aria-label={w.sentCloseouts}>
            <h2 className="list-title">{w.closeouts}</h2>
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
                      {w.retryNow}
                    </button>
                  ) : null}
                  {r.state === 'failed' ? (
                    <button type="button" className="btn btn-small btn-ghost" onClick={() => onDismiss(r.submissionId)}>
                      {w.remove}
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        <section aria-label={w.jobsToClose}>
          <h2 className="list-title">{w.toCloseOut}</h2>
          {context === null ? <div className="skeleton-list" aria-busy="true" /> : null}
          {context !== null && jobs.length === 0 && unscheduledDrafts.length === 0 ? (
            <div className="empty">
              <Icon name="check" size={32} />
              <p>{w.noOpenJobs}</p>
            </div>
          ) : null}
          {GROUPS.map(({ group, title }) =>
            groups[group].length > 0 ? (
              <div key={group} data-testid={`group-${group}`}>
                <h3 className={group === 'overdue' ? 'group-title group-overdue' : 'group-title'}>
                  {title(w)} <span className="group-count">{groups[group].length}</span>
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
                    <span className="job-customer">{d.newJob?.customerName || w.unscheduledJob}</span>
                    <span className="chip chip-draft">{w.draft}</span>
                  </div>
                  <div className="job-site">{d.newJob?.siteAddress || w.noAddressYet}</div>
                </button>
              </li>
            ))}
          </ul>
        </section>
        {priceBook ? (
          <p className="form-hint" data-testid="price-book-as-of">
            {w.priceBookOnPhone(formatAsOf(priceBook.asOf), priceBook.items.length)}
          </p>
        ) : null}
      </main>

      <div className="bottombar">
        <button type="button" className="btn btn-secondary btn-block" onClick={onNew}>
          <Icon name="plus" /> {w.unscheduledJob}
        </button>
      </div>
    </div>
  )
}

const GROUPS: { group: JobGroup; title: (w: Messages) => string }[] = [
  { group: 'today', title: (w) => w.today },
  { group: 'overdue', title: (w) => w.overdue },
  { group: 'upcoming', title: (w) => w.upcoming },
]

function JobCard({ job, hasDraft, onOpen }: { job: TechJob; hasDraft: boolean; onOpen: () => void }) {
  const w = m()
  return (
    <li>
      <button
        type="button"
        className={job.sentBack ? 'job-card job-card-warn' : 'job-card'}
        onClick={onOpen}
        data-testid={`job-${job.id}`}
      >
        <div className="job-top">
          <span className="job-customer">{job.customer ?? w.customerNotSet}</span>
          {hasDraft ? <span className="chip chip-draft">{w.draft}</span> : null}
        </div>
        <div className="job-site">
          <Icon name="pin" size={16} /> {job.siteAddress || w.noAddress}
        </div>
        <div className="job-meta">
          <span className="chip">{job.jobType ?? w.noJobType}</span>
          {job.scheduledFor ? (
            <span className="job-when">
              <Icon name="clock" size={14} /> {formatWhen(job.scheduledFor)}
            </span>
          ) : null}
          <span className="job-id">{job.id}</span>
        </div>
        {job.sentBack ? <div className="job-sentback">{w.sentBack(job.sentBack.comment)}</div> : null}
      </button>
    </li>
  )
}

function formatWhen(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return d.toLocaleString(currentLang(), {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  })
}
