import { Grid, NavLink, Paper, Stack } from '@mantine/core'
import { useEffect, useState } from 'react'
import type { SettingsView } from '../../../../src-shared/api/settings'
import { call } from '../../app/api'
import { useQuery } from '../../app/use-query'
import { useSessionUser } from '../../app/session'
import { PageHeader } from '../../components/PageHeader'
import { ErrorState, Loading } from '../../components/QueryState'
import { BackupsSection } from '../backups/BackupsSection'
import { CompanySection } from './CompanySection'
import { CustomersSection } from './CustomersSection'
import { DatabaseSection } from './DatabaseSection'
import { FoldersSection } from './FoldersSection'
import { JobTypesSection } from './JobTypesSection'
import { LanSection } from './LanSection'
import { MailSection } from './MailSection'
import { MappingsSection } from './MappingsSection'
import { PeopleSection } from './PeopleSection'
import { PolicySection } from './PolicySection'
import { SecondSeatSection } from './SecondSeatSection'
import { SignInSection } from './SignInSection'
import { TaxesSection } from './TaxesSection'

const SECTIONS = [
  { id: 'company', label: 'Company and invoicing' },
  { id: 'taxes', label: 'Taxes' },
  { id: 'customers', label: 'Customers' },
  { id: 'job-types', label: 'Job types' },
  { id: 'policy', label: 'Approval policy' },
  { id: 'users', label: 'Office users' },
  { id: 'technicians', label: 'Technicians' },
  { id: 'sign-in', label: 'Sign-in' },
  { id: 'accounting', label: 'Accounting names' },
  { id: 'mail', label: 'Mail' },
  { id: 'folders', label: 'Folders' },
  { id: 'backups', label: 'Backups' },
  { id: 'database', label: 'Database' },
  { id: 'phone', label: 'Phone form' },
  { id: 'second-seat', label: 'Second seat' },
] as const
type SectionId = (typeof SECTIONS)[number]['id']

/** The office configuration, one section at a time; each section saves on its own. */
export function SettingsScreen({ section }: { section?: string | undefined }) {
  const query = useQuery(() => call('settings.get', {}), [])
  const user = useSessionUser()
  // Settings > Database is for admins only (the office API refuses everyone else too).
  const sections = SECTIONS.filter((s) => s.id !== 'database' || user?.admin)
  const [settings, setSettings] = useState<SettingsView | undefined>()
  const [active, setActive] = useState<SectionId>(
    (sections.find((s) => s.id === section)?.id ?? 'company') as SectionId,
  )
  useEffect(() => setSettings(query.data), [query.data])

  return (
    <Stack gap="md" maw={1200}>
      <PageHeader title="Settings" subtitle="How Closeout checks, prices, approves and exports your jobs." />
      {query.error ? (
        <ErrorState title="Could not load the settings" error={query.error} onRetry={query.reload} />
      ) : !settings ? (
        <Loading label="Loading settings…" />
      ) : (
        <Grid gap="md">
          <Grid.Col span={3}>
            <Paper withBorder p="xs" component="nav" aria-label="Settings sections">
              {sections.map((s) => (
                <NavLink
                  key={s.id}
                  component="button"
                  type="button"
                  label={s.label}
                  active={active === s.id}
                  onClick={() => setActive(s.id)}
                  aria-current={active === s.id ? 'true' : undefined}
                  style={{ borderRadius: 6 }}
                />
              ))}
            </Paper>
          </Grid.Col>
          <Grid.Col span={9} key={active}>
            {active === 'company' ? <CompanySection settings={settings} onSaved={setSettings} /> : null}
            {active === 'taxes' ? <TaxesSection settings={settings} onSaved={setSettings} /> : null}
            {active === 'customers' ? <CustomersSection settings={settings} onSaved={setSettings} /> : null}
            {active === 'job-types' ? <JobTypesSection settings={settings} onSaved={setSettings} /> : null}
            {active === 'policy' ? <PolicySection settings={settings} onSaved={setSettings} /> : null}
            {active === 'users' ? <PeopleSection kind="users" settings={settings} onSaved={setSettings} /> : null}
            {active === 'technicians' ? (
              <PeopleSection kind="technicians" settings={settings} onSaved={setSettings} />
            ) : null}
            {active === 'sign-in' ? <SignInSection settings={settings} onSaved={setSettings} /> : null}
            {active === 'accounting' ? <MappingsSection settings={settings} onSaved={setSettings} /> : null}
            {active === 'mail' ? <MailSection /> : null}
            {active === 'folders' ? <FoldersSection settings={settings} onSaved={setSettings} /> : null}
            {active === 'backups' ? <BackupsSection dataDir={settings.folders.dataDir} /> : null}
            {active === 'database' ? <DatabaseSection /> : null}
            {active === 'phone' ? <LanSection /> : null}
            {active === 'second-seat' ? <SecondSeatSection settings={settings} onSaved={setSettings} /> : null}
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  )
}
