import { useCallback, useEffect, useState } from 'react'
import type { TechJobsAnswer } from '../../src-shared/api/lan'
import { api, ApiFailure, onReachability, type Technician } from './api'
import { CloseoutScreen } from './closeout-screen'
import { draftToCloseout, localTimestamp, photoFileName, SIGNATURE_FILE, type Draft } from './draft'
import { discardDraft, listDrafts, removeDraft } from './drafts'
import { JobsScreen } from './jobs-screen'
import {
  forgetOfflineData,
  keepJobs,
  readJobs,
  readPriceBook,
  refreshPriceBook,
  type KeptPriceBook,
} from './offline-data'
import { SendQueue, type OutboxRecord } from './send-queue'
import { SignInScreen } from './sign-in-screen'
import { chooseLanguage, currentLang, m } from './i18n'

const queue = new SendQueue()

function useHashRoute(): [string, (to: string) => void] {
  const [hash, setHash] = useState(location.hash)
  useEffect(() => {
    const on = () => setHash(location.hash)
    window.addEventListener('hashchange', on)
    return () => window.removeEventListener('hashchange', on)
  }, [])
  return [hash, (to: string) => (location.hash = to)]
}

export function App() {
  const [phase, setPhase] = useState<'loading' | 'signin' | 'ready'>('loading')
  const [technician, setTechnician] = useState<Technician | null>(null)
  const [context, setContext] = useState<TechJobsAnswer | null>(null)
  const [offline, setOffline] = useState(false)
  const [drafts, setDrafts] = useState<Draft[]>([])
  const [outbox, setOutbox] = useState<OutboxRecord[]>([])
  const [priceBook, setPriceBook] = useState<KeptPriceBook | null>(null)
  const [hash, go] = useHashRoute()
  // The form's language: changing it re-renders every screen with the other catalog.
  const [, setLang] = useState(currentLang())

  // Online: the job list and (when stale) the price book are copied to IndexedDB for the basement.
  const refresh = useCallback(async () => {
    try {
      const answer = await api.jobs()
      setContext(answer)
      await keepJobs(answer)
      setPriceBook((await refreshPriceBook()) ?? null)
    } catch (e) {
      if (e instanceof ApiFailure && e.status === 401) setPhase('signin')
    }
  }, [])

  useEffect(() => {
    const stop = onReachability((ok) => setOffline(!ok))
    // The phone itself knows when it lost its network: say so before a request has to time out.
    const down = () => setOffline(true)
    window.addEventListener('offline', down)
    if (!navigator.onLine) setOffline(true)
    void readPriceBook().then((kept) => setPriceBook(kept ?? null))
    queue.onSignedOut = () => setPhase('signin')
    const unsubscribe = queue.subscribe(setOutbox)
    void queue.start()
    void listDrafts().then(setDrafts)
    api
      .session()
      .then(({ technician: t }) => {
        setTechnician(t)
        setPhase('ready')
      })
      .catch(async (e: unknown) => {
        // Offline with a kept job list: stay signed in and keep working; the queue sends when the office is back.
        const cached = await readJobs()
        if (e instanceof ApiFailure && e.offline && cached) {
          setTechnician(cached.technician)
          setContext(cached)
          setPhase('ready')
        } else setPhase('signin')
      })
    return () => {
      stop()
      unsubscribe()
      window.removeEventListener('offline', down)
    }
  }, [])

  useEffect(() => {
    if (phase !== 'ready') return
    void refresh()
    const timer = setInterval(() => void refresh(), 30_000)
    return () => clearInterval(timer)
  }, [phase, refresh])

  // Back on the list: reread the drafts (one may have been sent or deleted) and the jobs.
  useEffect(() => {
    if (!hash.startsWith('#/job/')) {
      void listDrafts().then(setDrafts)
      if (phase === 'ready') void refresh()
    }
  }, [hash, phase, refresh])

  if (phase === 'loading') return <div className="boot" aria-busy="true" />
  if (phase === 'signin' || !technician)
    return (
      <SignInScreen
        onLanguage={(next) => void chooseLanguage(next).then(() => setLang(next))}
        onSignedIn={(t) => {
          setTechnician(t)
          setPhase('ready')
          queue.retryNow()
          // A fresh sign-in takes a fresh price book: it may be the last signal before the basement.
          void refreshPriceBook(true).then((kept) => setPriceBook(kept ?? null))
        }}
      />
    )

  const send = async (draft: Draft, flush: () => Promise<void>) => {
    await flush()
    const job = context?.jobs.find((j) => j.id === draft.jobId) ?? null
    const doc = draftToCloseout(draft, technician, localTimestamp())
    await queue.enqueue({
      submissionId: draft.submissionId,
      technicianId: technician.id,
      jobId: draft.jobId,
      title: job?.customer ?? draft.newJob?.customerName ?? m().unscheduledJob,
      subtitle: job ? `${job.id} · ${job.jobType ?? ''}` : `${m().unscheduledJob} · ${draft.newJob?.siteAddress ?? ''}`,
      createdAt: new Date().toISOString(),
      state: 'queued',
      document: JSON.stringify(doc),
      files: [
        ...draft.photos.map((p, i) => ({ name: photoFileName(i), blobKey: p.blobKey })),
        ...(draft.signature ? [{ name: SIGNATURE_FILE, blobKey: draft.signature.blobKey }] : []),
      ],
      attempts: 0,
      nextAttemptAt: 0,
      lastError: null,
      answer: null,
    })
    await removeDraft(draft.key)
    go('')
  }

  const match = /^#\/job\/(.+)$/.exec(hash)
  if (match && context) {
    const key = decodeURIComponent(match[1] ?? '')
    const job = context.jobs.find((j) => j.id === key) ?? null
    return (
      <CloseoutScreen
        key={key}
        draftKey={key}
        job={job}
        context={context}
        offline={offline}
        priceBook={priceBook}
        onBack={() => go('')}
        onSend={send}
        onDiscard={async (d) => {
          await discardDraft(d)
          go('')
        }}
      />
    )
  }

  return (
    <JobsScreen
      technician={technician}
      context={context}
      offline={offline}
      priceBook={priceBook}
      drafts={drafts}
      outbox={outbox}
      onOpen={(key) => go(`#/job/${encodeURIComponent(key)}`)}
      onNew={() => go(`#/job/${encodeURIComponent(`new:${crypto.getRandomValues(new Uint32Array(2)).join('')}`)}`)}
      onSignOut={() => {
        // What this phone kept for offline work goes with the technician: the next one starts clean.
        void api
          .signOut()
          .catch(() => undefined)
          .then(forgetOfflineData)
          .finally(() => {
            setContext(null)
            setPriceBook(null)
            setPhase('signin')
          })
      }}
      onRetry={() => queue.retryNow()}
      onDismiss={(id) => void queue.dismiss(id)}
    />
  )
}
