import { NumberInput, Stack } from '@mantine/core'
import { useState } from 'react'
import type { SettingsView } from '../../../../src-shared/api/settings'
import { OfficeUserLocks } from './OfficeUserLocks'
import { SectionCard } from './SectionCard'
import { useSectionSave } from './use-section-save'

/** How long the office screen stays open without use before it locks. */
export function SignInSection({ settings, onSaved }: { settings: SettingsView; onSaved: (v: SettingsView) => void }) {
  const [minutes, setMinutes] = useState<number>(settings.signIn.idleLockMinutes)
  const { busy, message, fieldErrors, save, confirm } = useSectionSave(onSaved)
  return (
    <SectionCard
      title="Sign-in"
      description="Closeout locks after this many minutes without use; whoever comes next signs in with their own PIN."
      onSave={() => void save({ section: 'signIn', idleLockMinutes: minutes })}
      admin={confirm}
      busy={busy}
      message={message}
    >
      <Stack gap="lg">
        <NumberInput
          label="Lock after (minutes without use)"
          min={1}
          max={480}
          w={260}
          value={minutes}
          onChange={(v) => setMinutes(typeof v === 'number' ? v : Number(v) || 1)}
          error={fieldErrors.idleLockMinutes}
        />
        <OfficeUserLocks />
      </Stack>
    </SectionCard>
  )
}
