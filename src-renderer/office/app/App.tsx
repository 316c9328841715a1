import {
  AppShell,
  Badge,
  Button,
  Group,
  Indicator,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core'
import { useNarrow } from './use-narrow'
import { ApprovalsScreen } from '../features/approvals/ApprovalsScreen'
import { DashboardScreen } from '../features/dashboard/DashboardScreen'
import { DispatchScreen } from '../features/dispatch/DispatchScreen'
import { ExportsScreen } from '../features/exports/ExportsScreen'
import { InboxScreen } from '../features/inbox/InboxScreen'
import { JobDetailScreen } from '../features/job/JobDetailScreen'
import { SettingsScreen } from '../features/settings/SettingsScreen'
import { Icon, type IconName } from '../components/icons'
import { call } from './api'
import { useSession } from './session'
import { formatCount } from './format'
import { routeHref, useRoute, type Route } from './router'
import { useQuery } from './use-query'

type NavId = 'inbox' | 'approvals' | 'dispatch' | 'exports' | 'dashboard' | 'settings'
const NAV: { id: NavId; label: string; icon: IconName }[] = [
  { id: 'inbox', label: 'Inbox', icon: 'inbox' },
  { id: 'approvals', label: 'Approvals', icon: 'approvals' },
  { id: 'dispatch', label: 'Dispatch', icon: 'dispatch' },
  { id: 'exports', label: 'Exports', icon: 'exports' },
  { id: 'dashboard', label: 'Dashboard', icon: 'dashboard' },
  { id: 'settings', label: 'Settings', icon: 'settings' },
]

function navOf(route: Route): NavId {
  return route.screen === 'job' ? 'inbox' : route.screen
}

export function App() {
  const route = useRoute()
  const session = useSession()
  const counts = useQuery(() => call('jobs.counts', {}), [], ['jobs.changed'])
  const company = useQuery(() => call('settings.get', {}).then((s) => s.company.name), [])
  const badge: Partial<Record<NavId, number>> = {
    inbox: counts.data?.['needs-review'],
    approvals: counts.data?.['needs-approval'],
  }

  const narrow = useNarrow()

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: narrow ? 64 : 232, breakpoint: 0 }} padding={0}>
      <AppShell.Header withBorder>
        <Group h="100%" px="lg" justify="space-between">
          <UnstyledButton component="a" href="#/inbox" aria-label="Closeout home">
            <Group gap={10}>
              <LogoMark />
              <Text fw={700} fz={18} c="dark.8">
                Closeout
              </Text>
            </Group>
          </UnstyledButton>
          <Group gap="md">
            <Text size="sm" c="dimmed" data-testid="company-name">
              {company.data ?? ''}
            </Text>
            <Text size="sm" fw={500} data-testid="signed-in-user">
              {session.user.name}
            </Text>
            <Button size="xs" variant="default" onClick={session.signOut}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p={narrow ? 8 : 'sm'} aria-label="Main" bg="gray.0">
        <ScrollArea>
          <Stack gap={2}>
            {NAV.map((item) =>
              narrow ? (
                // Icons only below 1200 px: the name is the link's label and its tooltip, the count a dot with the number.
                <Tooltip key={item.id} label={item.label} position="right" withArrow>
                  <NavLink
                    href={routeHref({ screen: item.id } as Route)}
                    aria-label={badge[item.id] ? `${item.label}, ${badge[item.id]} waiting` : item.label}
                    leftSection={
                      <Indicator
                        disabled={!badge[item.id]}
                        label={formatCount(badge[item.id] ?? 0)}
                        size={16}
                        color={item.id === 'approvals' ? 'yellow.8' : 'orange.9'}
                        offset={2}
                      >
                        <Icon name={item.icon} />
                      </Indicator>
                    }
                    active={navOf(route) === item.id}
                    aria-current={navOf(route) === item.id ? 'page' : undefined}
                    styles={{ root: { borderRadius: 8, padding: 10 }, section: { marginInlineEnd: 0 } }}
                  />
                </Tooltip>
              ) : (
                <NavLink
                  key={item.id}
                  href={routeHref({ screen: item.id } as Route)}
                  label={item.label}
                  leftSection={<Icon name={item.icon} />}
                  rightSection={
                    badge[item.id] ? (
                      <Badge
                        size="sm"
                        variant="light"
                        color={item.id === 'approvals' ? 'yellow' : 'orange'}
                        aria-label={`${badge[item.id]} waiting`}
                      >
                        {formatCount(badge[item.id]!)}
                      </Badge>
                    ) : null
                  }
                  active={navOf(route) === item.id}
                  aria-current={navOf(route) === item.id ? 'page' : undefined}
                  styles={{ root: { borderRadius: 8 }, label: { fontWeight: 500 } }}
                />
              ),
            )}
          </Stack>
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main bg="gray.0" style={{ height: '100vh' }}>
        {/* Focusable, so the keyboard scrolls it even when nothing inside takes focus (a read-only section). */}
        <div
          style={{ padding: narrow ? 12 : 24, height: 'calc(100vh - 56px)', overflow: 'auto' }}
          id="main-content"
          tabIndex={0}
        >
          <Screen route={route} />
        </div>
      </AppShell.Main>
    </AppShell>
  )
}

function Screen({ route }: { route: Route }) {
  switch (route.screen) {
    case 'inbox':
      return <InboxScreen />
    case 'job':
      return <JobDetailScreen key={route.jobId} jobId={route.jobId} />
    case 'approvals':
      return <ApprovalsScreen />
    case 'dispatch':
      return (
        <DispatchScreen
          key={`${route.tab}-${route.jobId ?? ''}`}
          jobId={route.jobId ?? null}
          tab={route.tab ?? 'job'}
        />
      )
    case 'settings':
      return <SettingsScreen section={route.section} />
    case 'exports':
      return <ExportsScreen />
    case 'dashboard':
      return <DashboardScreen />
  }
}

function LogoMark() {
  return (
    <svg width="26" height="26" viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="8" fill="#0f766e" />
      <path
        d="M9 16.5l4.5 4.5L23 11.5"
        fill="none"
        stroke="#fff"
        strokeWidth="3.2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  )
}
