import type { MethodInput, MethodName, MethodOutput } from '../../../src-shared/api/contract'
import type { ApiError, Result } from '../../../src-shared/api/envelope'
import type { EventName, OfficeEvents } from '../../../src-shared/api/events'

/**
 * The only module that knows the transport. In Electron the preload provides
 * `window.closeout` (IPC); in headless mode and browser tests the same calls go over HTTP to
 * 127.0.0.1 with the session cookie that `closeout serve` issued.
 */
export interface OfficeBridge {
  call(method: string, input: unknown): Promise<unknown>
  subscribe(name: EventName, listener: (payload: unknown) => void): () => void
  transport: 'ipc' | 'http'
  /** Only in the desktop app: things a web page cannot do. */
  desktop?: DesktopBridge
}

export interface DesktopBridge {
  /** Reveals a file or folder in Explorer / Finder; false if main refused the path. */
  showInFolder(path: string): Promise<boolean>
  /** A native folder picker; null when cancelled. */
  pickFolder(title: string, defaultPath?: string): Promise<string | null>
  /** Save as…: copies an office file where the clerk picks in the save dialog; the new path, or null when cancelled. */
  saveCopy(path: string, suggestedName: string): Promise<string | null>
  /** Opens an office file (a packet PDF) in the system's viewer; false if main refused the path. */
  openFile(path: string): Promise<boolean>
  /** Opens a draft .eml Closeout wrote in the mail app. */
  openDraft(path: string): Promise<boolean>
}

declare global {
  interface Window {
    closeout?: OfficeBridge
  }
}

export class ApiCallError extends Error {
  readonly code: string
  readonly details: ApiError['details']
  constructor(error: ApiError) {
    super(error.message)
    this.name = 'ApiCallError'
    this.code = error.code
    this.details = error.details
  }
}

let eventSource: EventSource | null = null

const httpBridge: OfficeBridge = {
  transport: 'http',
  async call(method, input) {
    let response: Response
    try {
      response = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-closeout': '1' },
        body: JSON.stringify(input ?? {}),
        credentials: 'same-origin',
      })
    } catch {
      return {
        ok: false,
        error: { code: 'offline', message: 'Closeout is not running or cannot be reached', details: [] },
      }
    }
    try {
      return (await response.json()) as unknown
    } catch {
      return {
        ok: false,
        error: { code: 'internal', message: `Unexpected answer from Closeout (HTTP ${response.status})`, details: [] },
      }
    }
  },
  subscribe(name, listener) {
    // The stream is refused until someone signs in, and closes when the session ends.
    if (eventSource?.readyState === EventSource.CLOSED) eventSource = null
    eventSource ??= new EventSource('/api/events')
    const handler = (event: MessageEvent<string>) => listener(JSON.parse(event.data) as unknown)
    eventSource.addEventListener(name, handler)
    return () => eventSource?.removeEventListener(name, handler)
  },
}

export function bridge(): OfficeBridge {
  return window.closeout ?? httpBridge
}

/** Drops the event stream (at sign-out): the next subscription opens one under the new session. */
export function resetEvents(): void {
  eventSource?.close()
  eventSource = null
}

const signedOutListeners = new Set<() => void>()

/** Called whenever the office says the session is gone (idle, signed out elsewhere, PIN changed). */
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener)
  return () => signedOutListeners.delete(listener)
}

/** Calls an office API method; resolves with its value or throws ApiCallError. */
export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = (await bridge().call(method, input)) as Result<MethodOutput<M>>
  if (!result.ok) {
    if (result.error.code === 'not-signed-in') for (const listener of signedOutListeners) listener()
    throw new ApiCallError(result.error)
  }
  return result.value
}

/** Listens to an office event; the payload is the one `OfficeEvents` names for it (core emits it typed). */
export function subscribe<E extends EventName>(name: E, listener: (payload: OfficeEvents[E]) => void): () => void {
  return bridge().subscribe(name, (payload) => listener(payload as OfficeEvents[E]))
}

/** The desktop bridge when running in Electron, else null (headless mode in a browser). */
export function desktop(): DesktopBridge | null {
  return window.closeout?.desktop ?? null
}
