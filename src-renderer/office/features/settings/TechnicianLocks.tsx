import { Alert, Button, Group, Stack, Table, Text, Title } from '@mantine/core'
import { useState } from 'react'
import { call } from '../../app/api'
import { outcomeLine, pinFailure, useMutation } from '../../app/use-mutation'
import { useSessionUser } from '../../app/session'
import { useQuery } from '../../app/use-query'
import { formatDateTime } from '../../app/format'
import { PinInput } from '../../components/PinInput'

/** Technicians held back on a phone after wrong PINs; an admin lifts a lock with their own PIN. */
export function TechnicianLocks() {
  const user = useSessionUser()
  const locks = useQuery(() => call('lan.technicianLocks', {}), [])
  const [pin, setPin] = useState('')
  const [done, setDone] = useState<string | null>(null)
  const mutation = useMutation()
  const pinError = pinFailure(mutation.error)
  // A wrong PIN is said under the PIN field, not again in the line below.
  const message = outcomeLine(pinError ? null : mutation.error, done)
  const unlock = async (technicianId: string, name: string) => {
    setDone(null)
    const r = await mutation.run(() => call('lan.unlockTechnician', { technicianId, confirmPin: pin }), technicianId)
    if (!r.ok) return
    setPin('')
    const { unlocked } = r.value
    setDone(`${name} can sign in again (${unlocked} lock${unlocked === 1 ? '' : 's'} lifted).`)
    locks.reload()
  }
  const rows = locks.data ?? []
  return (
    <Stack gap="xs" component="section" aria-label="Locked technicians">
      <Title order={3} fz="md">
        Locked technicians
      </Title>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          No technician is locked out of the phone form.
        </Text>
      ) : (
        <>
          <Table fz="sm" withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Technician</Table.Th>
                <Table.Th>Phone address</Table.Th>
                <Table.Th>Wrong PINs</Table.Th>
                <Table.Th>Locked until</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((l) => (
                <Table.Tr key={`${l.technicianId}@${l.address}`}>
                  <Table.Td>{l.technicianName ?? l.technicianId}</Table.Td>
                  <Table.Td ff="monospace">{l.address}</Table.Td>
                  <Table.Td>{l.failures}</Table.Td>
                  <Table.Td>{formatDateTime(l.lockedUntil)}</Table.Td>
                  <Table.Td>
                    {user?.admin ? (
                      <Button
                        size="xs"
                        variant="light"
                        disabled={!/^\d{4,8}$/.test(pin)}
                        loading={mutation.busyKey === l.technicianId}
                        onClick={() => void unlock(l.technicianId, l.technicianName ?? l.technicianId)}
                      >
                        Unlock
                      </Button>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {user?.admin ? (
            <Group>
              <PinInput label="Your PIN, to unlock" w={200} value={pin} error={pinError} onChange={setPin} />
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
