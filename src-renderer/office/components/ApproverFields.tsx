import { Group, PasswordInput, Select } from '@mantine/core'
import { call } from '../app/api'
import { useQuery } from '../app/use-query'

export interface Approver {
  userId: string | null
  pin: string
}

/** The approver picks their name and enters their PIN: every decision and edit names a person. */
export function ApproverFields({
  value,
  onChange,
  error,
  autoFocus,
}: {
  value: Approver
  onChange: (next: Approver) => void
  error?: string | null
  autoFocus?: boolean
}) {
  const users = useQuery(() => call('users.list', {}), [])
  return (
    <Group grow align="flex-start">
      <Select
        label="Your name"
        placeholder={users.loading ? 'Loading people…' : 'Choose your name'}
        data={(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
        value={value.userId}
        onChange={(userId) => onChange({ ...value, userId })}
        required
        data-autofocus={autoFocus ? true : undefined}
        error={users.error ? 'Cannot load the list of people' : undefined}
      />
      <PasswordInput
        label="PIN"
        placeholder="4–8 digits"
        inputMode="numeric"
        autoComplete="off"
        value={value.pin}
        onChange={(e) => onChange({ ...value, pin: e.currentTarget.value.replace(/\D/g, '').slice(0, 8) })}
        required
        error={error ?? undefined}
      />
    </Group>
  )
}

export function approverReady(a: Approver): a is { userId: string; pin: string } {
  return a.userId !== null && /^\d{4,8}$/.test(a.pin)
}
