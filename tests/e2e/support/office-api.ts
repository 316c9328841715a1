import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { ServedOffice } from './serve'

/** The demo's billing user: the demo office has no admin, so billing acts as one. */
export const DEMO_SIGN_IN = { userId: 'U-1', name: 'Dana Kim (billing)', pin: '2468' }

const sessions = new Map<string, string>()

/** POSTs one method as a script does: the access token as a Bearer header, the session as X-Closeout-Session. */
export async function rawOfficeCall(
  office: ServedOffice,
  method: string,
  input: unknown,
  sessionId: string | null,
): Promise<{ status: number; body: { ok: boolean; value?: unknown; error?: { code: string; message: string } } }> {
  const token = new URL(office.loginUrl).searchParams.get('token') ?? ''
  const response = await fetch(`${office.url}api/${method}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-closeout': '1',
      authorization: `Bearer ${token}`,
      ...(sessionId ? { 'x-closeout-session': sessionId } : {}),
    },
    body: JSON.stringify(input),
  })
  return { status: response.status, body: (await response.json()) as never }
}

/** Signs the script in once per served office (as the demo's billing user) and keeps the session. */
async function scriptSession(office: ServedOffice): Promise<string> {
  const known = sessions.get(office.loginUrl)
  if (known) return known
  const { body } = await rawOfficeCall(
    office,
    'session.signIn',
    { userId: DEMO_SIGN_IN.userId, pin: DEMO_SIGN_IN.pin },
    null,
  )
  if (!body.ok) throw new Error(`session.signIn: ${body.error?.message}`)
  const sessionId = (body.value as { sessionId: string }).sessionId
  sessions.set(office.loginUrl, sessionId)
  return sessionId
}

/** Calls the served office API the way a script does: access token plus a signed-in session. */
export async function officeCall<T = unknown>(office: ServedOffice, method: string, input: unknown = {}): Promise<T> {
  let { body, status } = await rawOfficeCall(office, method, input, await scriptSession(office))
  if (body.error?.code === 'not-signed-in') {
    // The session idled out between calls of a long test: sign in again once.
    sessions.delete(office.loginUrl)
    ;({ body, status } = await rawOfficeCall(office, method, input, await scriptSession(office)))
  }
  if (!body.ok) throw new Error(`${method}: ${body.error?.message ?? status}`)
  return body.value as T
}

async function until(done: () => boolean | Promise<boolean>, timeoutMs: number, failure: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(failure())
    await new Promise((r) => setTimeout(r, 250))
  }
}

/** Waits until `count` jobs have left "scheduled" (the inbox watcher has ingested their closeouts). */
export async function waitForIngest(office: ServedOffice, count: number, timeoutMs = 90_000): Promise<void> {
  let moved = 0
  await until(
    async () => {
      const list = await officeCall<{ counts: Record<string, number> }>(office, 'jobs.list', { limit: 1 })
      moved = (list.counts.all ?? 0) - (list.counts.scheduled ?? 0)
      return moved >= count
    },
    timeoutMs,
    () => `only ${moved} of ${count} closeouts were ingested in time:\n${office.output()}`,
  )
}

/** Waits until the inbox watcher has taken in every bundle in `<shared>/inbox` (`serve --demo` starts with the demo's closeouts there). */
export async function waitForEmptyInbox(office: ServedOffice, timeoutMs = 60_000): Promise<void> {
  const waiting = () => readdirSync(join(office.sharedDir, 'inbox')).filter((n) => !n.startsWith('.')).length
  await until(
    () => waiting() === 0,
    timeoutMs,
    () => `${waiting()} bundles still in the inbox:\n${office.output()}`,
  )
}
