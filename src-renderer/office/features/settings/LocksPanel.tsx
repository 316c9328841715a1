import { Button, Group, Stack, Table, Text, Title } from '@mantine/core'
import { useState, type ReactNode } from 'react'
import { formatDateTime } from '../../app/format'
import { useSessionUser } from '../../app/session'
import { outcomeLine, pinFailure, useMutation } from '../../app/use-mutation'
import type { QueryState } from '../../app/use-query'
import { PinInput } from '../../components/PinInput'
import { OutcomeAlert } from '../../components/FailureAlert'

/** One lock row: who is held back, where, after how many wrong PINs, until when. */
export interface LockRow {
  /** Whom `unlock` is given. */
  id: string
  name: string
  where: ReactNode
  failures: number
  lockedUntil: string
}

/**
 * People held back after wrong PINs (technicians on a phone, office users on a PC); an admin
 * lifts a person's locks with their own PIN, a wrong one said under the PIN field.
 */
export function LocksPanel({
  title,
  intro,
  empty,
  headers,
  locks,
  unlock,
  unlockLabel,
  pinLabel,
  pinWidth,
}: {
  title: string
  intro?: ReactNode
  empty: ReactNode
  /** The first two columns: who, and where the PINs were typed. */
  headers: [string, string]
  locks: QueryState<LockRow[]>
  unlock: (id: string, confirmPin: string) => Promise<{ unlocked: number }>
  unlockLabel: (row: LockRow) => string
  pinLabel: string
  pinWidth: number
}) {
  const user = useSessionUser()
  const [pin, setPin] = useState('')
  const [done, setDone] = useState<string | null>(null)
  const mutation = useMutation()
  const pinError = pinFailure(mutation.error)
  // A wrong PIN is said under the PIN field, not again in the line below.
  const message = outcomeLine(pinError ? null : mutation.error, done)
  const lift = async (row: LockRow) => {
    setDone(null)
    const r = await mutation.run(() => unlock(row.id, pin), row.id)
    if (!r.ok) return
    setPin('')
    const { unlocked } = r.value
    setDone(`${row.name} can sign in again (${unlocked} lock${unlocked === 1 ? '' : 's'} lifted).`)
    locks.reload()
  }
  const rows = locks.data ?? []
  return (
    <Stack gap="xs" component="section" aria-label={title}>
      <Title order={3} fz="md">
        {title}
      </Title>
      {intro}
      {rows.length === 0 ? (
        empty
      ) : (
        <>
          <Table fz="sm" withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{headers[0]}</Table.Th>
                <Table.Th>{headers[1]}</Table.Th>
                <Table.Th>Wrong PINs</Table.Th>
                <Table.Th>Locked until</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((l, i) => (
                <Table.Tr key={`${l.id}@${i}`}>
                  <Table.Td>{l.name}</Table.Td>
                  <Table.Td>{l.where}</Table.Td>
                  <Table.Td>{l.failures}</Table.Td>
                  <Table.Td>{formatDateTime(l.lockedUntil)}</Table.Td>
                  <Table.Td>
                    {user?.admin ? (
                      <Button
                        size="xs"
                        variant="light"
                        disabled={!/^\d{4,8}$/.test(pin)}
                        loading={mutation.busyKey === l.id}
                        onClick={() => void lift(l)}
                      >
                        {unlockLabel(l)}
                      </Button>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {user?.admin ? (
            <Group>
              <PinInput label={pinLabel} w={pinWidth} value={pin} error={pinError} onChange={setPin} />
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              Only an admin can lift a lock.
            </Text>
          )}
        </>
      )}
      <OutcomeAlert line={message} />
    </Stack>
  )
}
