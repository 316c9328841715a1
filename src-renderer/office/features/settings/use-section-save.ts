import { useState } from 'react'
import { isAdminSection, type SettingsUpdate, type SettingsView } from '../../../../src-shared/api/settings'
import { ApiCallError, call } from '../../app/api'

/** Saving one Settings section: busy flag, a result line, and field errors by path. */
export function useSectionSave(onSaved: (view: SettingsView) => void) {
  const [confirmPin, setConfirmPin] = useState('')
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({})
  const save = async (update: SettingsUpdate, okText = 'Saved.') => {
    setBusy(true)
    setMessage(null)
    setFieldErrors({})
    try {
      // Admin-only sections carry the admin's own PIN; it is never kept after the save.
      const body = isAdminSection(update.section) && confirmPin ? ({ ...update, confirmPin } as SettingsUpdate) : update
      const result = await call('settings.update', body)
      setConfirmPin('')
      onSaved(result.settings)
      setMessage({ ok: true, text: result.notice ?? okText })
    } catch (e) {
      if (e instanceof ApiCallError) {
        setFieldErrors(Object.fromEntries(e.details.map((d) => [d.path, d.message])))
        setMessage({ ok: false, text: e.message })
      } else setMessage({ ok: false, text: e instanceof Error ? e.message : String(e) })
    } finally {
      setBusy(false)
    }
  }
  return { busy, message, fieldErrors, save, confirm: { pin: confirmPin, setPin: setConfirmPin } }
}
