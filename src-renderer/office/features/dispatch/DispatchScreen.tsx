import { Stack, Tabs } from '@mantine/core'
import { call } from '../../app/api'
import { navigate } from '../../app/router'
import { useQuery } from '../../app/use-query'
import { PageHeader } from '../../components/PageHeader'
import { ErrorState } from '../../components/QueryState'
import { ImportPanel } from './ImportPanel'
import { JobForm } from './JobForm'

/** Dispatch: create and edit jobs, and bring customers, the price book and jobs in from CSV. */
export function DispatchScreen({ jobId, tab }: { jobId: string | null; tab: 'job' | 'import' }) {
  const options = useQuery(() => call('dispatch.options', {}), [], ['jobs.changed'])
  return (
    <Stack gap="md" maw={1100}>
      <PageHeader
        title="Dispatch"
        subtitle="Schedule work for your technicians; it appears on their phones right away."
      />
      <Tabs
        value={tab}
        onChange={(v) =>
          navigate(v === 'import' ? { screen: 'dispatch', tab: 'import' } : { screen: 'dispatch', tab: 'job' })
        }
      >
        <Tabs.List>
          <Tabs.Tab value="job">{jobId ? `Edit ${jobId}` : 'New job'}</Tabs.Tab>
          <Tabs.Tab value="import">Import from CSV</Tabs.Tab>
        </Tabs.List>
      </Tabs>
      {options.error ? (
        <ErrorState title="Could not load customers and technicians" error={options.error} onRetry={options.reload} />
      ) : null}
      {tab === 'import' ? <ImportPanel /> : <JobForm jobId={jobId} options={options.data} />}
    </Stack>
  )
}
