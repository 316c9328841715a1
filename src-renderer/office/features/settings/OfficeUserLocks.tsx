import { Alert, Button, Group, PasswordInput, Stack, Table, Text, Title } from '@mantine/core'
import { useState } from 'react'
import { call } from '../../app/api'
import { useSessionUser } from '../../app/session'
import { useQuery } from '../../app/use-query'
import { formatDateTime } from '../../app/format'

const placeWords = (place: string) => (place === 'this-pc' ? 'This PC' : `Another PC (${place})`)

/**
 * Office users held back after wrong PINs, each at the place the PINs were typed (this PC, or a
 * second-seat PC's address); an admin lifts a user's locks with their own PIN.
 */
export function OfficeUserLocks() {
  const user = useSessionUser()
  const locks = useQuery(() => call('users.locks', {}), [])
  const [pin, setPin] = useState('')
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const unlock = async (userId: string, name: string) => {
    setMessage(null)
    try {
      const result = await call('users.unlock', { userId, confirmPin: pin })
      setPin('')
      setMessage({
        ok: true,
        text: `${name} can sign in again (${result.unlocked} lock${result.unlocked === 1 ? '' : 's'} lifted).`,
      })
      locks.reload()
    } catch (e) {
      setMessage({ ok: false, text: e instanceof Error ? e.message : String(e) })
    }
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
              <PasswordInput
                label="Your PIN, to unlock a user"
                inputMode="numeric"
                autoComplete="off"
                w={220}
                value={pin}
                onChange={(e) => setPin(e.currentTarget.value.replace(/\D/g, '').slice(0, 8))}
              />
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
