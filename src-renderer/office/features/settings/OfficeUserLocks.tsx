import { Alert, Button, Group, Stack, Table, Text, Title } from '@mantine/core'
import { useState } from 'react'
import { call } from '../../app/api'
import { useSessionUser } from '../../app/session'
import { useQuery } from '../../app/use-query'
import { formatDateTime } from '../../app/format'
import { outcomeLine, pinFailure, useMutation } from '../../app/use-mutation'
import { PinInput } from '../../components/PinInput'

const placeWords = (place: string) => (place === 'this-pc' ? 'This PC' : `Another PC (${place})`)

/**
 * Office users held back after wrong PINs, each at the place the PINs were typed (this PC, or a
 * second-seat PC's address); an admin lifts a user's locks with their own PIN.
 */
export function OfficeUserLocks() {
  const user = useSessionUser()
  const locks = useQuery(() => call('users.locks', {}), [])
  const [pin, setPin] = useState('')
  const [done, setDone] = useState<string | null>(null)
  const mutation = useMutation()
  const pinError = pinFailure(mutation.error)
  // A wrong PIN is said under the PIN field, not again in the line below.
  const message = outcomeLine(pinError ? null : mutation.error, done)
  const unlock = async (userId: string, name: string) => {
    setDone(null)
    const r = await mutation.run(() => call('users.unlock', { userId, confirmPin: pin }), userId)
    if (!r.ok) return
    setPin('')
    const { unlocked } = r.value
    setDone(`${name} can sign in again (${unlocked} lock${unlocked === 1 ? '' : 's'} lifted).`)
    locks.reload()
  }
  const rows = locks.data ?? []
  return (
    <Stack gap="xs" component="section" aria-label="Locked office users">
      <Title order={3} fz="md">
        Locked office users
      </Title>
      <Text size="sm" c="dimmed">
        Five wrong PINs lock a user only on the PC where they were typed, for 5 minutes, then longer for each further
        wrong PIN (up to an hour). The user can still sign in on any other PC.
      </Text>
      {rows.length === 0 ? (
        <Text size="sm">No office user is locked out.</Text>
      ) : (
        <>
          <Table fz="sm" withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>User</Table.Th>
                <Table.Th>Where</Table.Th>
                <Table.Th>Wrong PINs</Table.Th>
                <Table.Th>Locked until</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((l) => (
                <Table.Tr key={`${l.userId}@${l.place}`}>
                  <Table.Td>{l.userName ?? l.userId}</Table.Td>
                  <Table.Td>{placeWords(l.place)}</Table.Td>
                  <Table.Td>{l.failures}</Table.Td>
                  <Table.Td>{formatDateTime(l.lockedUntil)}</Table.Td>
                  <Table.Td>
                    {user?.admin ? (
                      <Button
                        size="xs"
                        variant="light"
                        disabled={!/^\d{4,8}$/.test(pin)}
                        loading={mutation.busyKey === l.userId}
                        onClick={() => void unlock(l.userId, l.userName ?? l.userId)}
                      >
                        Unlock {l.userName ?? l.userId}
                      </Button>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {user?.admin ? (
            <Group>
              <PinInput label="Your PIN, to unlock a user" w={220} value={pin} error={pinError} onChange={setPin} />
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              Only an admin can lift a lock.
            </Text>
          )}
        </>
      )}
      {message ? (
        <Alert color={message.ok ? 'green' : 'red'} variant="light" role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </Alert>
      ) : null}
    </Stack>
  )
}
