import { Group, Select } from '@mantine/core'
import { useEffect } from 'react'
import { call } from '../app/api'
import { useQuery } from '../app/use-query'
import { rememberedApprover } from './remembered-approver'
import { useSessionUser } from '../app/session'
import { PinInput } from './PinInput'

export interface Approver {
  userId: string | null
  pin: string
}

/** Who decides, to start with: the last approver on this computer, with the PIN still to type. */
export function initialApprover(): Approver {
  return { userId: rememberedApprover(), pin: '' }
}

/**
 * The approver picks their name and enters their PIN: every decision and edit names a person.
 * `approversOnly` lists only people the approval policy lets approve (no one is offered who
 * would then be refused). The field to type in next gets the dialog's first focus.
 */
export function ApproverFields({
  value,
  onChange,
  error,
  approversOnly = false,
}: {
  value: Approver
  onChange: (next: Approver) => void
  error?: string | null
  approversOnly?: boolean
}) {
  const users = useQuery(() => call('users.list', {}), [])
  const people = (users.data ?? []).filter((u) => !approversOnly || u.mayApprove)
  const known = value.userId !== null && (users.data === undefined || people.some((u) => u.id === value.userId))

  // A remembered name that is no longer listed (left the company, lost the role) is dropped.
  useEffect(() => {
    if (users.data && value.userId !== null && !people.some((u) => u.id === value.userId))
      onChange({ ...value, userId: null })
  }, [users.data, value, people, onChange])

  // The signed-in user decides unless someone else steps in (they still confirm with their PIN).
  const me = useSessionUser()
  useEffect(() => {
    if (me?.approver && value.pin === '' && value.userId !== me.id) onChange({ ...value, userId: me.id })
  }, [me?.id])

  return (
    <Group grow align="flex-start">
      <Select
        label="Your name"
        placeholder={users.loading ? 'Loading people…' : 'Choose your name'}
        data={people.map((u) => ({ value: u.id, label: u.name }))}
        value={value.userId}
        onChange={(userId) => onChange({ ...value, userId })}
        allowDeselect={false}
        required
        error={users.error ? 'Cannot load the list of people' : undefined}
      />
      <PinInput
        label="PIN"
        placeholder="4–8 digits"
        value={value.pin}
        onChange={(pin) => onChange({ ...value, pin })}
        required
        data-autofocus={known ? true : undefined}
        error={error ?? undefined}
      />
    </Group>
  )
}

export function approverReady(a: Approver): a is { userId: string; pin: string } {
  return a.userId !== null && /^\d{4,8}$/.test(a.pin)
}
