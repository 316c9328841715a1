import { useEffect, useMemo, useRef, useState } from 'react'
import type { TechJob, TechJobsAnswer } from '../../src-shared/api/lan'
import { formatMoney } from '../../src-shared/domain/money'
import { buildChecklist } from './checklist'
import { newDraft, type Draft } from './draft'
import { useDraft } from './drafts'
import { draftFromSentBack, flaggedSections } from './reopen'
import { fetchPendingFiles } from './reopen-files'
import { LaborSection, PartsSection } from './lines-sections'
import { addedLaborRole, technicianLaborRole, unansweredEstimateLines } from './estimate-lines'
import { EstimateSection } from './estimate-section'
import { LocationCard } from './location-card'
import { OfflineBanner } from './offline-banner'
import type { KeptPriceBook } from './offline-data'
import { PhotosSection } from './photos-section'
import { shownIssues } from './shown-issues'
import { owedBySteps, stepOfIssue, STEPS, StepBar, type Step } from './wizard-steps'
import { SignatureSection } from './signature-section'
import { EquipmentSection, NewJobFields } from './job-fields'
import { Icon, Section } from './ui'
import { m, say } from './i18n'

interface Props {
  draftKey: string
  job: TechJob | null
  context: TechJobsAnswer
  offline: boolean
  priceBook: KeptPriceBook | null
  onBack: () => void
  onSend: (draft: Draft, flush: () => Promise<void>) => Promise<void>
  onDiscard: (draft: Draft) => Promise<void>
}

export function CloseoutScreen({ draftKey, job, context, offline, priceBook, onBack, onSend, onDiscard }: Props) {
  const { draft, update, flush } = useDraft(draftKey, () => {
    const fresh = newDraft(draftKey, job, technicianLaborRole(context))
    // Sent back: reopen as a copy of what was sent, not blank.
    return job?.sentBack ? draftFromSentBack(fresh, job.sentBack) : fresh
  })
  const [sending, setSending] = useState(false)
  // Sections the technician has been in and left, and whether they pressed Send: red only then.
  const [left, setLeft] = useState<ReadonlySet<string>>(new Set())
  const [sendPressed, setSendPressed] = useState(false)
  const [step, setStep] = useState<Step>('work')
  // The Lines step keeps one section open at a time so it fits a phone screen; null: not chosen yet.
  const [panel, setPanel] = useState<LinesPanel | 'none' | null>(null)
  const [fetching, setFetching] = useState(false)
  const fetchStarted = useRef(false)
  const pending = draft?.pendingFiles.length ?? 0
  useEffect(() => {
    if (!draft || pending === 0 || fetchStarted.current) return
    fetchStarted.current = true
    setFetching(true)
    void fetchPendingFiles(draft, update).finally(() => setFetching(false))
  }, [draft, pending, update])
  const checklist = useMemo(() => (draft ? buildChecklist(draft, job, context) : null), [draft, job, context])
  const flags = useMemo(() => flaggedSections(job?.sentBack?.findings ?? []), [job])
  if (!draft || !checklist)
    return (
      <div className="screen">
        <div className="skeleton-list" aria-busy="true" />
      </div>
    )

  const jobTypeId = job?.jobTypeId ?? draft.newJob?.jobType ?? null
  const requirements = job?.requirements ??
    context.jobTypes.find((t) => t.id === jobTypeId)?.requirements ?? {
      photos: {},
      serialNumber: false,
      signature: false,
    }
  const remaining = checklist.items.filter((i) => !i.done).length + checklist.issues.length
  const issues = shownIssues(checklist.issues, left, sendPressed)
  // Leaving a step is leaving its sections: their reasons may now be said in red.
  const go = (next: Step) => {
    const leaving = STEPS.find((s) => s.step === step)?.sections ?? []
    setLeft((s) => new Set([...s, ...leaving]))
    // The section the Lines step opens on is chosen on arrival and then stays put (nothing moves under a finger).
    if (next === 'lines' && panel === null) setPanel(firstPanel(draft, job, flags))
    setStep(next)
    window.scrollTo({ top: 0 })
  }
  const showChecklist = () => {
    setSendPressed(true)
    go('review')
  }
  const openPanel = panel ?? firstPanel(draft, job, flags)
  const fold = (p: LinesPanel) => ({
    open: openPanel === p,
    onOpen: (open: boolean) => setPanel(open ? p : 'none'),
  })
  const w = m()
  const at = STEPS.findIndex((s) => s.step === step)
  const prev = STEPS[at - 1]
  const next = STEPS[at + 1]

  return (
    <div className="screen">
      <header className="topbar">
        <button type="button" className="icon-btn" aria-label={w.backToJobs} onClick={onBack}>
          <Icon name="back" />
        </button>
        <div className="topbar-title grow">
          <div>
            <h1>{job?.customer ?? (draft.newJob?.customerName || w.unscheduledJob)}</h1>
            <div className="topbar-sub">{job ? `${job.id} · ${job.jobType ?? w.noJobType}` : w.notOnSchedule}</div>
          </div>
        </div>
        <span className="saved-tag" aria-live="polite">
          <Icon name="check" size={14} /> {w.saved}
        </span>
      </header>
      {offline ? <OfflineBanner priceBook={priceBook} /> : null}
      <StepBar step={step} owed={owedBySteps(checklist)} onGo={go} />

      <main
        className="content form"
        onBlur={(e) => {
          const section = (e.target as HTMLElement).closest('section.card')
          const name = section?.getAttribute('data-section')
          if (!section || !name || section.contains(e.relatedTarget as Node | null) || left.has(name)) return
          setLeft((s) => new Set([...s, name]))
        }}
      >
        {job?.sentBack && step === 'work' ? (
          <SentBackNote comment={job.sentBack.comment} pending={pending} fetching={fetching} />
        ) : null}
        {step !== 'work' ? null : job ? (
          <JobSummary job={job} />
        ) : (
          <NewJobFields draft={draft} context={context} update={update} />
        )}

        {step === 'work' ? (
          <Section title={w.workPerformed} name="Work performed" flags={flags.work}>
            <label className="field">
              <span className="field-label">{w.whatDidYouDo}</span>
              <textarea
                className="input"
                rows={3}
                placeholder={w.tasksPlaceholder}
                value={draft.tasks}
                onChange={(e) => update((d) => ({ ...d, tasks: e.target.value }))}
              />
            </label>
            <label className="field">
              <span className="field-label">{w.notesForOffice}</span>
              <textarea
                className="input"
                rows={2}
                placeholder={w.optional}
                value={draft.notes}
                onChange={(e) => update((d) => ({ ...d, notes: e.target.value }))}
              />
            </label>
          </Section>
        ) : null}

        {step === 'lines' ? (
          <>
            {job ? (
              <EstimateSection
                draft={draft}
                job={job}
                update={update}
                {...fold('estimate')}
                onChange={(kind) => setPanel(kind === 'labor' ? 'labor' : 'parts')}
              />
            ) : null}
            <LaborSection
              draft={draft}
              roles={context.laborRoles}
              addRole={addedLaborRole(context, job)}
              update={update}
              flags={flags.labor}
              {...fold('labor')}
            />
            <PartsSection
              draft={draft}
              job={job}
              priceBook={priceBook}
              update={update}
              flags={flags.parts}
              {...fold('parts')}
            />
            <EquipmentSection
              draft={draft}
              requireSerial={requirements.serialNumber}
              update={update}
              flags={flags.equipment}
              {...fold('equipment')}
            />
          </>
        ) : null}
        {step === 'photos' ? (
          <PhotosSection draft={draft} required={requirements.photos} update={update} flags={flags.photos} />
        ) : null}
        {step === 'signature' ? (
          <SignatureSection draft={draft} required={requirements.signature} update={update} flags={flags.signature} />
        ) : null}

        {step === 'review' ? (
          <>
            <LocationCard draft={draft} update={update} />
            <section className="card checklist" aria-label={w.checklist} id="checklist">
              <header className="card-head">
                <h2>{w.beforeYouSend}</h2>
                {checklist.totalCents !== null ? (
                  <span className="card-hint">{w.estTotal(formatMoney(checklist.totalCents))}</span>
                ) : null}
              </header>
              <ul className="checks">
                {checklist.items.map((it) => (
                  <li key={it.label} className={it.done ? 'check done' : 'check'}>
                    <span className="check-mark">{it.done ? <Icon name="check" size={16} /> : null}</span>
                    {say(it.label)}
                  </li>
                ))}
              </ul>
              {issues.length > 0 ? (
                <ul className="issues" data-testid="blocking">
                  {issues.map((msg) => (
                    <li key={msg}>
                      <Icon name="alert" size={16} /> {say(msg)}
                    </li>
                  ))}
                </ul>
              ) : null}
              {checklist.approvals.length > 0 ? (
                <div className="approvals">
                  <div className="approvals-title">{w.supervisorWillCheck}</div>
                  <ul>
                    {checklist.approvals.map((msg) => (
                      <li key={msg}>{msg}</li>
                    ))}
                  </ul>
                </div>
              ) : null}
              {checklist.notes.map((msg) => (
                <p key={msg} className="form-hint">
                  {msg}
                </p>
              ))}
            </section>

            <button
              type="button"
              className="btn btn-ghost btn-block danger"
              onClick={() => confirm(w.deleteDraftConfirm) && void onDiscard(draft)}
            >
              {w.deleteDraft}
            </button>
          </>
        ) : null}

        {step !== 'review' && issues.some((msg) => stepOfIssue(msg) === step) ? (
          <ul className="issues" data-testid="step-issues">
            {issues
              .filter((msg) => stepOfIssue(msg) === step)
              .map((msg) => (
                <li key={msg}>
                  <Icon name="alert" size={16} /> {say(msg)}
                </li>
              ))}
          </ul>
        ) : null}
        <div className="step-nav">
          {prev ? (
            <button type="button" className="btn btn-ghost" onClick={() => go(prev.step)}>
              <Icon name="back" /> {prev.title(w)}
            </button>
          ) : (
            <span />
          )}
          {next ? (
            <button type="button" className="btn btn-secondary" onClick={() => go(next.step)}>
              {w.next(next.title(w))}
            </button>
          ) : null}
        </div>
      </main>

      <div className="bottombar sendbar">
        <button type="button" className="sendbar-status" onClick={showChecklist}>
          {checklist.canSend ? (
            <span className="ready">
              <Icon name="check" size={18} /> {w.readyToSend}
            </span>
          ) : (
            <span className="todo">{w.thingsToDo(Math.max(remaining, 1))}</span>
          )}
        </button>
        <button
          type="button"
          className="btn btn-primary send-btn"
          aria-disabled={!checklist.canSend || sending}
          onClick={() => {
            // Not ready: Send says why (every reason in red) instead of doing nothing.
            if (!checklist.canSend) return showChecklist()
            if (sending) return
            setSending(true)
            void onSend(draft, flush).finally(() => setSending(false))
          }}
        >
          {w.send}
        </button>
      </div>
    </div>
  )
}

type LinesPanel = 'estimate' | 'labor' | 'parts' | 'equipment'

/** The section the Lines step opens on: what the office flagged, else unanswered estimate rows, else labor. */
function firstPanel(draft: Draft, job: TechJob | null, flags: ReturnType<typeof flaggedSections>): LinesPanel {
  if (flags.labor) return 'labor'
  if (flags.parts) return 'parts'
  if (flags.equipment) return 'equipment'
  if (job && unansweredEstimateLines(draft, job) > 0) return 'estimate'
  return 'labor'
}

function JobSummary({ job }: { job: TechJob }) {
  const w = m()
  return (
    <section className="card summary" aria-label={w.job}>
      <div className="summary-row">
        <Icon name="pin" size={18} /> <span>{job.siteAddress || w.noAddress}</span>
      </div>
      {job.description ? <p className="summary-desc">{job.description}</p> : null}
      <div className="summary-meta">
        {job.poNumber ? (
          <span className="chip">{/^PO/i.test(job.poNumber) ? job.poNumber : `PO ${job.poNumber}`}</span>
        ) : null}
        {job.notToExceed ? <span className="chip">{w.notToExceed(job.notToExceed)}</span> : null}
      </div>
    </section>
  )
}

/** The office's comment on top of a reopened copy: what to fix, and that the rest is filled in. */
function SentBackNote({ comment, pending, fetching }: { comment: string | null; pending: number; fetching: boolean }) {
  const w = m()
  return (
    <section className="card sentback-note" aria-labelledby="sentback-title" data-testid="sent-back-note">
      <h2 id="sentback-title">
        <Icon name="alert" size={18} /> {w.sentBackTitle}
      </h2>
      <p className="sentback-comment">{comment ?? w.callOffice}</p>
      <p className="form-hint">
        {pending === 0 ? w.filledIn : fetching ? w.fetching(pending) : w.willComeBack(pending)}
      </p>
    </section>
  )
}
