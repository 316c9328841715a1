import type { CloseoutAnswer } from '../../src-shared/api/lan'
import { api, ApiFailure, onReachability } from './api'
import { idbDel, idbEntries, idbGet, idbSet } from './idb-store'
import { m } from './i18n'

export type OutboxState = 'queued' | 'sending' | 'sent' | 'failed'

/** One closeout on its way: kept in IndexedDB from "Send" until the office's final answer. */
export interface OutboxRecord {
  submissionId: string
  technicianId: string
  jobId: string | null
  title: string
  subtitle: string
  createdAt: string
  state: OutboxState
  /** The closeout/v1 JSON exactly as first sent: a retry must carry the same bytes. Dropped once accepted. */
  document: string | null
  files: { name: string; blobKey: string }[]
  attempts: number
  nextAttemptAt: number
  lastError: string | null
  answer: CloseoutAnswer | null
}

const PREFIX = 'out:'
const FINAL = new Set(['invoice-ready', 'invoiced', 'void', 'rejected', 'sent-back'])
const RECEIPT_POLL_MS = 5_000
const KEEP_FINAL_MS = 7 * 24 * 3600_000

/** 2, 4, 8, 16, 30, 30... seconds, with jitter so a room of phones does not retry in step. */
export function backoffMs(attempts: number): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.min(attempts, 5))
  return base * (0.8 + Math.random() * 0.4)
}

export const isFinal = (r: OutboxRecord): boolean =>
  r.state === 'sent' && r.answer !== null && FINAL.has(r.answer.status)

type Listener = (records: OutboxRecord[]) => void

export class SendQueue {
  private records = new Map<string, OutboxRecord>()
  private listeners = new Set<Listener>()
  private running = false
  private timer: ReturnType<typeof setTimeout> | null = null
  private pollTimer: ReturnType<typeof setInterval> | null = null
  /** Set by the app: a 401 means the phone must sign in again before the queue can move. */
  onSignedOut: () => void = () => undefined

  private started = false

  async start(): Promise<void> {
    if (this.started) return
    this.started = true
    for (const [, rec] of await idbEntries<OutboxRecord>(PREFIX)) {
      // A send cut off by a reload or a killed tab is simply queued again (same id: no duplicate).
      if (rec.state === 'sending') rec.state = 'queued'
      if (isFinal(rec) && Date.now() - Date.parse(rec.createdAt) > KEEP_FINAL_MS) {
        await idbDel(PREFIX + rec.submissionId)
        continue
      }
      this.records.set(rec.submissionId, { ...rec, nextAttemptAt: 0 })
    }
    this.emit()
    onReachability((reachable) => {
      if (reachable && [...this.records.values()].some((r) => r.state === 'queued' && r.attempts > 0)) this.retryNow()
    })
    window.addEventListener('online', () => this.retryNow())
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') {
        this.retryNow()
        void this.pollReceipts()
      }
    })
    this.pollTimer = setInterval(() => void this.pollReceipts(), RECEIPT_POLL_MS)
    void this.pollReceipts()
    void this.kick()
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    listener(this.list())
    return () => this.listeners.delete(listener)
  }

  list(): OutboxRecord[] {
    return [...this.records.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  }

  /** Saves the record first (it survives anything from here on), then tries to send it. */
  async enqueue(record: OutboxRecord): Promise<void> {
    await idbSet(PREFIX + record.submissionId, record)
    this.records.set(record.submissionId, record)
    this.emit()
    void this.kick()
  }

  retryNow(): void {
    for (const r of this.records.values()) if (r.state === 'queued' || r.state === 'failed') r.nextAttemptAt = 0
    void this.kick()
  }

  async dismiss(submissionId: string): Promise<void> {
    const rec = this.records.get(submissionId)
    if (!rec) return
    await Promise.all(rec.files.map((f) => idbDel(f.blobKey)))
    await idbDel(PREFIX + submissionId)
    this.records.delete(submissionId)
    this.emit()
  }

  private emit(): void {
    const list = this.list()
    this.listeners.forEach((l) => l(list))
  }

  private async save(rec: OutboxRecord): Promise<void> {
    this.records.set(rec.submissionId, rec)
    await idbSet(PREFIX + rec.submissionId, rec)
    this.emit()
  }

  private async kick(): Promise<void> {
    if (this.running) return
    this.running = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    try {
      for (;;) {
        const due = [...this.records.values()].find((r) => r.state === 'queued' && r.nextAttemptAt <= Date.now())
        if (!due) break
        await this.sendOne(due)
      }
    } finally {
      this.running = false
    }
    const next = Math.min(...[...this.records.values()].filter((r) => r.state === 'queued').map((r) => r.nextAttemptAt))
    if (Number.isFinite(next)) this.timer = setTimeout(() => void this.kick(), Math.max(250, next - Date.now()))
  }

  private async sendOne(rec: OutboxRecord): Promise<void> {
    await this.save({ ...rec, state: 'sending' })
    try {
      const form = new FormData()
      form.append('closeout', rec.document ?? '')
      for (const file of rec.files) {
        const blob = await idbGet<Blob>(file.blobKey)
        if (!blob) throw new ApiFailure(400, 'photo-missing', m().photoMissing)
        form.append(file.name, blob, file.name.split('/').pop() ?? 'file')
      }
      const answer = await api.sendCloseout(form)
      await Promise.all(rec.files.map((f) => idbDel(f.blobKey)))
      await this.save({
        ...rec,
        state: 'sent',
        answer,
        document: null,
        files: [],
        lastError: null,
        attempts: rec.attempts + 1,
      })
    } catch (error) {
      const failure = error instanceof ApiFailure ? error : new ApiFailure(0, 'offline', m().officeUnreachable)
      const attempts = rec.attempts + 1
      if (failure.offline || failure.status === 429 || failure.status === 401) {
        if (failure.status === 401) this.onSignedOut()
        const wait = failure.retryAfterSeconds ? failure.retryAfterSeconds * 1000 : backoffMs(attempts)
        await this.save({
          ...rec,
          state: 'queued',
          attempts,
          nextAttemptAt: Date.now() + wait,
          lastError: failure.message,
        })
      } else {
        await this.save({ ...rec, state: 'failed', attempts, lastError: failure.message })
      }
    }
  }

  private async pollReceipts(): Promise<void> {
    if (document.visibilityState === 'hidden') return
    for (const rec of [...this.records.values()]) {
      if (rec.state !== 'sent' || isFinal(rec)) continue
      try {
        const answer = await api.receipt(rec.submissionId)
        if (answer.status !== rec.answer?.status || answer.receipt?.updatedAt !== rec.answer?.receipt?.updatedAt)
          await this.save({ ...rec, answer })
      } catch {
        return // offline or signed out: try again on the next tick
      }
    }
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer)
    if (this.pollTimer) clearInterval(this.pollTimer)
  }
}

export interface StatusView {
  tone: 'neutral' | 'progress' | 'good' | 'warn' | 'bad'
  label: string
  detail: string | null
}

/** The words a technician sees for a closeout on its way (spec section 5). */
export function statusOf(rec: OutboxRecord): StatusView {
  const w = m()
  if (rec.state === 'queued') {
    return {
      tone: 'neutral',
      label: w.savedOnPhone,
      detail: rec.attempts > 0 ? w.willSendItself : null,
    }
  }
  if (rec.state === 'sending') return { tone: 'progress', label: w.sending, detail: null }
  if (rec.state === 'failed') return { tone: 'bad', label: w.notSent, detail: rec.lastError }
  const status = rec.answer?.status ?? 'waiting'
  const receipt = rec.answer?.receipt ?? null
  switch (status) {
    case 'waiting':
      return { tone: 'progress', label: w.delivered, detail: w.waitingForOffice }
    case 'invoice-ready':
    case 'invoiced':
      return { tone: 'good', label: w.invoiceReady, detail: null }
    case 'sent-back':
      return { tone: 'warn', label: w.sentBack(receipt?.comment ?? null), detail: null }
    case 'rejected':
      return { tone: 'bad', label: w.refused, detail: receipt?.findings[0]?.message ?? null }
    case 'void':
      return { tone: 'neutral', label: w.voided, detail: null }
    default: {
      const approval = receipt?.findings.find((f) => f.severity === 'approval' || f.severity === 'block')
      return {
        tone: 'good',
        label: w.received,
        detail: approval ? w.beingChecked(approval.message) : null,
      }
    }
  }
}
