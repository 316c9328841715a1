import { AppShell, Group, NavLink, Stack, Text, Title } from '@mantine/core'
import { useState } from 'react'
import { InboxScreen } from '../features/inbox/InboxScreen'

type Screen = 'inbox'

const NAV: { id: Screen; label: string }[] = [{ id: 'inbox', label: 'Inbox' }]

export function App() {
  const [screen, setScreen] = useState<Screen>('inbox')
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 0 }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="lg" justify="space-between">
          <Title order={3} c="teal.8">
            Closeout
          </Title>
          <Text size="sm" c="dimmed">
            Job complete means invoice-ready
          </Text>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main">
        <Stack gap={4}>
          {NAV.map((item) => (
            <NavLink key={item.id} label={item.label} active={screen === item.id} onClick={() => setScreen(item.id)} />
          ))}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main bg="gray.0">{screen === 'inbox' ? <InboxScreen /> : null}</AppShell.Main>
    </AppShell>
  )
}
