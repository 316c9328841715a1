import { Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core'
import { useState } from 'react'
import type { OfficeSessionEntry } from '../../../../src-shared/api/session'
import { call } from '../../app/api'
import { outcomeLine, pinFailure, useMutation } from '../../app/use-mutation'
import { useSessionUser } from '../../app/session'
import { useQuery } from '../../app/use-query'
import { formatDateTime } from '../../app/format'
import { PinInput } from '../../components/PinInput'
import { OutcomeAlert } from '../../components/FailureAlert'

const WHERE: Record<OfficeSessionEntry['via'], string> = {
  desktop: 'Desktop app',
  'this-pc': 'Browser on this PC',
  'second-seat': 'Second seat',
}

/** Who is signed in, from where, since when; an admin signs a session out with their own PIN. */
export function SignedInSessions() {
  const user = useSessionUser()
  const sessions = useQuery(() => (user?.admin ? call('session.list', {}) : Promise.resolve([])), [user?.admin])
  const [pin, setPin] = useState('')
  const [done, setDone] = useState<string | null>(null)
  const mutation = useMutation()
  const pinError = pinFailure(mutation.error)
  // A wrong PIN is said under the PIN field, not again in the line below.
  const message = outcomeLine(pinError ? null : mutation.error, done)
  if (!user?.admin)
    return (
      <Paper withBorder p="lg" component="section" aria-label="Signed-in sessions">
        <Text size="sm" c="dimmed">
          Only an admin can see who is signed in.
        </Text>
      </Paper>
    )
  const end = async (s: OfficeSessionEntry) => {
    setDone(null)
    const r = await mutation.run(() => call('session.end', { ref: s.ref, confirmPin: pin }), s.ref)
    if (!r.ok) return
    setPin('')
    setDone(r.value.ended ? `${s.userName} is signed out.` : `${s.userName} had already signed out.`)
    sessions.reload()
  }
  const rows = sessions.data ?? []
  return (
    <Paper withBorder shadow="xs" p="lg" component="section" aria-label="Signed-in sessions">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} fz="md">
            Signed-in sessions
          </Title>
          <Button size="xs" variant="subtle" onClick={() => sessions.reload()}>
            Refresh
          </Button>
        </Group>
        <Table fz="sm" withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>User</Table.Th>
              <Table.Th>Where</Table.Th>
              <Table.Th>Address</Table.Th>
              <Table.Th>Since</Table.Th>
              <Table.Th>Last seen</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((s) => (
              <Table.Tr key={s.ref} aria-label={`Session of ${s.userName}`}>
                <Table.Td>
                  {s.userName}{' '}
                  {s.current ? (
                    <Badge size="xs" variant="light">
                      you
                    </Badge>
                  ) : null}
                </Table.Td>
                <Table.Td>{WHERE[s.via]}</Table.Td>
                <Table.Td ff="monospace">{s.address ?? '—'}</Table.Td>
                <Table.Td>{formatDateTime(s.since)}</Table.Td>
                <Table.Td>{formatDateTime(s.lastSeen)}</Table.Td>
                <Table.Td>
                  {s.current ? null : (
                    <Button
                      size="xs"
                      variant="light"
                      color="red"
                      disabled={!/^\d{4,8}$/.test(pin)}
                      loading={mutation.busyKey === s.ref}
                      onClick={() => void end(s)}
                    >
                      Sign out
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <PinInput label="Your PIN, to sign someone out" w={260} value={pin} error={pinError} onChange={setPin} />
        <OutcomeAlert line={message} />
      </Stack>
    </Paper>
  )
}
