import { useState } from 'react'
import type { InboxReprocessResult } from '../../../../src-shared/api/inbox'
import { call } from '../../app/api'

/** The Reprocess action shared by the rejected and the held bundles: one folder at a time, with its outcome. */
export function useReprocess(
  onChanged: () => void,
  describe: (folder: string, result: InboxReprocessResult) => string,
) {
  const [busy, setBusy] = useState<string | null>(null)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [error, setError] = useState<Error | null>(null)
  const reprocess = async (folder: string) => {
    setBusy(folder)
    setError(null)
    try {
      const r = await call('inbox.reprocess', { folder })
      setMessage({ ok: r.result === 'ingested' || r.result === 'duplicate', text: describe(folder, r) })
      onChanged()
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)))
    } finally {
      setBusy(null)
    }
  }
  return { busy, message, error, reprocess }
}
