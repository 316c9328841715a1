import type {
  CloseoutAnswer,
  TechApiError,
  TechJobsAnswer,
  TechPriceBookItem,
  TechPriceBookSnapshot,
} from '../../src-shared/api/lan'
import { m } from './i18n'

/** A failure the form can explain: `status` 0 means the office PC could not be reached at all. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message)
  }

  get offline(): boolean {
    return this.status === 0 || this.status >= 500
  }
}

type Listener = (reachable: boolean) => void
const listeners = new Set<Listener>()

/** Told whenever a request reaches the office PC or fails to: the send queue retries on "reachable". */
export function onReachability(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

async function request<T>(path: string, init: RequestInit = {}, timeoutMs = 20_000): Promise<T> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), timeoutMs)
  let res: Response
  try {
    res = await fetch(path, { ...init, signal: controller.signal, credentials: 'same-origin', cache: 'no-store' })
  } catch {
    listeners.forEach((l) => l(false))
    throw new ApiFailure(0, 'offline', m().officeUnreachable)
  } finally {
    clearTimeout(timer)
  }
  listeners.forEach((l) => l(res.status < 500))
  if (res.ok) return (await res.json()) as T
  let body: TechApiError | null = null
  try {
    body = (await res.json()) as TechApiError
  } catch {
    body = null
  }
  const retry = Number(res.headers.get('retry-after'))
  throw new ApiFailure(
    res.status,
    body?.error.code ?? 'http-error',
    body?.error.message ?? `The office PC answered ${res.status}`,
    Number.isFinite(retry) && retry > 0 ? retry : null,
  )
}

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

export interface Technician {
  id: string
  name: string
}

export const api = {
  technicians: () => request<{ technicians: Technician[] }>('/api/technicians'),
  session: () => request<{ technician: Technician }>('/api/session'),
  signIn: (technicianId: string, pin: string) =>
    request<{ technician: Technician }>('/api/session', json({ technicianId, pin })),
  signOut: () => request<{ signedOut: true }>('/api/session', { method: 'DELETE' }),
  jobs: () => request<TechJobsAnswer>('/api/jobs'),
  priceBook: (q: string) => request<{ items: TechPriceBookItem[] }>(`/api/price-book?q=${encodeURIComponent(q)}`),
  priceBookSnapshot: () => request<TechPriceBookSnapshot>('/api/price-book/all', {}, 60_000),
  receipt: (submissionId: string) => request<CloseoutAnswer>(`/api/receipts/${encodeURIComponent(submissionId)}`),
  /** A photo or the signature of one of this technician's own closeouts (a sent-back one reopened). */
  attachment: async (submissionId: string, file: string): Promise<Blob> => {
    let res: Response
    try {
      res = await fetch(
        `/api/submissions/${encodeURIComponent(submissionId)}/attachment?file=${encodeURIComponent(file)}`,
        {
          credentials: 'same-origin',
        },
      )
    } catch {
      listeners.forEach((l) => l(false))
      throw new ApiFailure(0, 'offline', m().officeUnreachable)
    }
    listeners.forEach((l) => l(res.status < 500))
    if (!res.ok) throw new ApiFailure(res.status, 'http-error', `The office PC answered ${res.status}`)
    return res.blob()
  },
  /** Photos can take a while on weak Wi-Fi: a long timeout, and the queue retries anyway. */
  sendCloseout: (form: FormData) => request<CloseoutAnswer>('/api/closeouts', { method: 'POST', body: form }, 180_000),
}
