import { Alert, Button, Center, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { useState } from 'react'
import type { SessionCurrent } from '../../../../src-shared/api/session'
import { call } from '../../app/api'
import { useMutation, type MutationError } from '../../app/use-mutation'
import { PinInput } from '../../components/PinInput'
import { FailureAlert } from '../../components/FailureAlert'

type Screen = SessionCurrent['signIn']

/** A slip the form catches itself, said in the same place as the office's answer. */
const slip = (text: string): MutationError => ({ text, code: null, fields: {} })

/** Who is at the desk: every export, edit and settings change is recorded under this person. */
export function SignInScreen({
  screen,
  notice,
  onSignedIn,
}: {
  screen: Screen
  notice: string | null
  onSignedIn: () => void
}) {
  return (
    <Center mih="100vh" bg="gray.0" p="lg">
      <Paper withBorder shadow="sm" p="xl" w={440} component="main">
        {screen.firstRun ? (
          <FirstAdminForm onSignedIn={onSignedIn} />
        ) : (
          <SignInForm screen={screen} notice={notice} onSignedIn={onSignedIn} />
        )}
      </Paper>
    </Center>
  )
}

function SignInForm({ screen, notice, onSignedIn }: { screen: Screen; notice: string | null; onSignedIn: () => void }) {
  const [userId, setUserId] = useState<string | null>(screen.users.length === 1 ? screen.users[0]!.id : null)
  const [pin, setPin] = useState('')
  const mutation = useMutation()
  const { busy } = mutation
  // Said just under the PIN field, where the person looks after a wrong PIN.
  const error = mutation.error?.text ?? null
  const submit = async () => {
    if (!userId) return mutation.fail(slip('Choose your name'))
    const r = await mutation.run(() => call('session.signIn', { userId, pin }))
    if (r.ok) return onSignedIn()
    setPin('')
  }
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <Stack gap="md">
        <Title order={1} fz="xl">
          Sign in to Closeout
        </Title>
        {notice ? (
          <Alert color="blue" variant="light" role="status">
            {notice}
          </Alert>
        ) : null}
        <Select
          label="Your name"
          placeholder="Choose your name"
          data={screen.users.map((u) => ({ value: u.id, label: u.name }))}
          value={userId}
          onChange={setUserId}
          allowDeselect={false}
          required
        />
        <PinInput label="PIN" placeholder="4–8 digits" value={pin} onChange={setPin} required />
        <FailureAlert text={error} />
        <Button type="submit" loading={busy}>
          Sign in
        </Button>
        {screen.demoUsers.length ? <DemoUsers users={screen.demoUsers} /> : null}
      </Stack>
    </form>
  )
}

function DemoUsers({ users }: { users: Screen['demoUsers'] }) {
  return (
    <Stack gap={4} aria-label="Demo users">
      <Text size="sm" fw={600}>
        Demo office: sign in as
      </Text>
      <Table fz="sm" withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>User</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>PIN</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((u) => (
            <Table.Tr key={u.id}>
              <Table.Td>{u.name}</Table.Td>
              <Table.Td>{u.roles.join(', ')}</Table.Td>
              <Table.Td ff="monospace">{u.pin}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  )
}

function FirstAdminForm({ onSignedIn }: { onSignedIn: () => void }) {
  const [name, setName] = useState('')
  const [pin, setPin] = useState('')
  const [again, setAgain] = useState('')
  const mutation = useMutation()
  const { busy } = mutation
  const error = mutation.error?.text ?? null
  const submit = async () => {
    if (pin !== again) return mutation.fail(slip('The two PINs differ'))
    const r = await mutation.run(() => call('session.createFirstAdmin', { name, pin }))
    if (r.ok) onSignedIn()
  }
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <Stack gap="md">
        <Title order={1} fz="xl">
          Welcome to Closeout
        </Title>
        <Text size="sm" c="dimmed">
          Nobody uses this office yet. Create its first admin: the person who adds users, PINs and technicians.
        </Text>
        <TextInput label="Your name" value={name} onChange={(e) => setName(e.currentTarget.value)} required />
        <PinInput label="Choose a PIN" value={pin} onChange={setPin} required />
        <PinInput label="The PIN again" value={again} onChange={setAgain} required />
        <FailureAlert text={error} />
        <Button type="submit" loading={busy}>
          Create admin and sign in
        </Button>
      </Stack>
    </form>
  )
}
