import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { ServedOffice } from './serve'

/** Calls the served office API the way the UI does, with the access token as a Bearer header. */
export async function officeCall<T = unknown>(office: ServedOffice, method: string, input: unknown = {}): Promise<T> {
  const token = new URL(office.loginUrl).searchParams.get('token') ?? ''
  const response = await fetch(`${office.url}api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-closeout': '1', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  })
  const body = (await response.json()) as { ok: boolean; value?: T; error?: { message: string } }
  if (!body.ok) throw new Error(`${method}: ${body.error?.message ?? response.status}`)
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
