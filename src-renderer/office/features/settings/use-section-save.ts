import { useState } from 'react'
import { isAdminSection, type SettingsUpdate, type SettingsView } from '../../../../src-shared/api/settings'
import { call } from '../../app/api'
import { outcomeLine, useMutation } from '../../app/use-mutation'

/** Saving one Settings section: busy flag, a result line, and field errors by path. */
export function useSectionSave(onSaved: (view: SettingsView) => void) {
  const [confirmPin, setConfirmPin] = useState('')
  const [saved, setSaved] = useState<string | null>(null)
  const mutation = useMutation()
  const save = async (update: SettingsUpdate, okText = 'Saved.') => {
    setSaved(null)
    // Admin-only sections carry the admin's own PIN; it is never kept after the save.
    const body = isAdminSection(update.section) && confirmPin ? ({ ...update, confirmPin } as SettingsUpdate) : update
    const r = await mutation.run(() => call('settings.update', body))
    if (!r.ok) return
    setConfirmPin('')
    onSaved(r.value.settings)
    setSaved(r.value.notice ?? okText)
  }
  const message = outcomeLine(mutation.error, saved)
  return {
    busy: mutation.busy,
    message,
    fieldErrors: mutation.fieldErrors,
    save,
    confirm: { pin: confirmPin, setPin: setConfirmPin },
  }
}
