import { useState } from 'react'
import type { InboxReprocessResult } from '../../../../src-shared/api/inbox'
import { call } from '../../app/api'
import { useMutation } from '../../app/use-mutation'

/** The Reprocess action shared by the rejected and the held bundles: one folder at a time, with its outcome. */
export function useReprocess(
  onChanged: () => void,
  describe: (folder: string, result: InboxReprocessResult) => string,
) {
  const mutation = useMutation()
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const reprocess = async (folder: string) => {
    const r = await mutation.run(() => call('inbox.reprocess', { folder }), folder)
    if (!r.ok) return
    setMessage({ ok: r.value.result === 'ingested' || r.value.result === 'duplicate', text: describe(folder, r.value) })
    onChanged()
  }
  return { busy: mutation.busyKey, message, error: mutation.error ? { message: mutation.error.text } : null, reprocess }
}
