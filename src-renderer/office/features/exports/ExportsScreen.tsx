import {
  Alert,
  Badge,
  Box,
  Button,
  Checkbox,
  Group,
  Paper,
  Progress,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core'
import { useState } from 'react'
import type { JobsChangedReason } from '../../../../src-shared/api/events'
import {
  EXPORT_FORMAT_LABELS,
  EXPORT_FORMATS,
  type Batch,
  type ExportFormat,
  type Preflight,
} from '../../../../src-shared/api/exports'
import { call } from '../../app/api'
import { formatCount, formatMoneyText } from '../../app/format'
import { routeHref } from '../../app/router'
import { useMutation } from '../../app/use-mutation'
import { useQuery } from '../../app/use-query'
import { PageHeader } from '../../components/PageHeader'
import { ErrorState, Loading } from '../../components/QueryState'
import { BatchHandoff } from './BatchHandoff'
import { BatchHistory } from './BatchHistory'
import { BatchPreview } from './BatchPreview'
import { ExportSettingsPanel } from './ExportSettingsPanel'

/** What changes the batch history: a batch written or voided, or customer names imported. */
const BATCH_REASONS = new Set<JobsChangedReason>(['export', 'batch-voided', 'csv-import', 'setup-import'])

/** Export every invoice-ready job as one batch: check first, then export, then the batch history. */
export function ExportsScreen() {
  const [format, setFormat] = useState<ExportFormat>('qbo-csv')
  const [skipBlocked, setSkipBlocked] = useState(false)
  const exporting = useMutation()
  const running = exporting.busy
  // The batch being handed over: the one just exported, or one opened from the history.
  const [handoff, setHandoff] = useState<Batch | null>(null)
  const preflight = useQuery(() => call('exports.preflight', { format }), [format], ['jobs.changed'])
  const history = useQuery(() => call('exports.batches', {}), [], {
    'jobs.changed': (e) => BATCH_REASONS.has(e.reason),
  })

  const run = async () => {
    setHandoff(null)
    const r = await exporting.run(() => call('exports.run', { format, skipBlocked }))
    if (r.ok) setHandoff(r.value.batch)
    preflight.reload()
    history.reload()
  }

  const p = preflight.data
  const blockedJobs = new Set(p?.findings.filter((f) => f.severity === 'block').map((f) => f.jobId) ?? [])
  const exportable = (p?.invoices.length ?? 0) - blockedJobs.size
  const canRun = !running && !!p && p.invoices.length > 0 && (blockedJobs.size === 0 || (skipBlocked && exportable > 0))

  return (
    <Box maw={1180}>
      <Stack gap="lg">
        <PageHeader
          title="Exports"
          subtitle="Every invoice-ready job in one import file for your accounting system, checked before it is written."
        />
        <Paper withBorder p="md" radius="md">
          <Stack gap="md">
            <SegmentedControl
              aria-label="Accounting format"
              value={format}
              onChange={(v) => setFormat(v as ExportFormat)}
              data={EXPORT_FORMATS.map((f) => ({ value: f, label: EXPORT_FORMAT_LABELS[f] }))}
            />
            {preflight.error ? (
              <ErrorState
                title="Could not check the invoice-ready jobs"
                error={preflight.error}
                onRetry={preflight.reload}
              />
            ) : null}
            {!p && !preflight.error ? <Loading label="Checking invoice-ready jobs…" /> : null}
            {p ? (
              <>
                <Group gap="xl" data-testid="export-summary">
                  <Text>
                    <b>{formatCount(p.invoices.length)}</b> invoice-ready job{p.invoices.length === 1 ? '' : 's'}
                  </Text>
                  <Text>
                    Total <b>{formatMoneyText(p.totalCents)}</b>
                  </Text>
                  <Text c="dimmed">
                    {p.files.length > 1
                      ? `${p.files.length} files (the system's import limits)`
                      : p.files.length === 1
                        ? 'one file'
                        : ''}
                  </Text>
                </Group>
                {p.invoices.length > 0 ? (
                  <BatchPreview
                    invoices={p.invoices.filter((i) => !(skipBlocked && blockedJobs.has(i.jobId)))}
                    blocked={blockedJobs}
                  />
                ) : null}
                {p.findings.length > 0 ? <FindingsTable findings={p.findings} /> : null}
                {blockedJobs.size > 0 ? (
                  <Checkbox
                    checked={skipBlocked}
                    onChange={(e) => setSkipBlocked(e.currentTarget.checked)}
                    label={`Export the ${formatCount(exportable)} job(s) without problems and leave the ${blockedJobs.size} blocked one(s) invoice-ready`}
                  />
                ) : null}
                <Group>
                  <Button onClick={() => void run()} disabled={!canRun} loading={running}>
                    Export {plural(blockedJobs.size > 0 && skipBlocked ? exportable : p.invoices.length, 'invoice')}
                  </Button>
                  {p.invoices.length === 0 ? <Text c="dimmed">No job is invoice-ready.</Text> : null}
                </Group>
                {running ? <Progress value={100} striped animated aria-label="Exporting" /> : null}
              </>
            ) : null}
            {exporting.error ? (
              <Alert color="red" title="The export did not run">
                {exporting.error.text}
              </Alert>
            ) : null}
          </Stack>
        </Paper>
        {handoff ? (
          <BatchHandoff
            batch={handoff}
            onChanged={(b) => {
              setHandoff(b)
              history.reload()
            }}
          />
        ) : null}
        <ExportSettingsPanel onSaved={preflight.reload} />
        <Title order={3}>Batch history</Title>
        {history.error ? (
          <ErrorState title="Could not load the batch history" error={history.error} onRetry={history.reload} />
        ) : null}
        {history.data ? <BatchHistory batches={history.data} onChanged={history.reload} onOpen={setHandoff} /> : null}
      </Stack>
    </Box>
  )
}

function FindingsTable({ findings }: { findings: Preflight['findings'] }) {
  return (
    <Table withTableBorder striped aria-label="Problems found before export">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Job</Table.Th>
          <Table.Th>Problem</Table.Th>
          <Table.Th>How to fix</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {findings.map((f, i) => (
          <Table.Tr key={`${f.jobId}-${f.code}-${i}`}>
            <Table.Td>
              <Stack gap={4}>
                <a href={routeHref({ screen: 'job', jobId: f.jobId })}>{f.jobId}</a>
                <Badge color={f.severity === 'block' ? 'red' : 'yellow'} variant="light" size="sm">
                  {f.severity === 'block' ? 'blocks' : 'note'}
                </Badge>
              </Stack>
            </Table.Td>
            <Table.Td>{f.message.replace(`${f.jobId}: `, '')}</Table.Td>
            <Table.Td>{f.fix}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}

function plural(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`
}
