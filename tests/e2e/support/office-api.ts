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

/** Waits until `count` jobs have left "scheduled" (the inbox watcher has ingested their closeouts). */
export async function waitForIngest(office: ServedOffice, count: number, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const list = await officeCall<{ counts: Record<string, number> }>(office, 'jobs.list', { limit: 1 })
    const moved = (list.counts.all ?? 0) - (list.counts.scheduled ?? 0)
    if (moved >= count) return
    if (Date.now() > deadline) throw new Error(`only ${moved} of ${count} closeouts were ingested in time:\n${office.output()}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}
