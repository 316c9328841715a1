import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  FileButton,
  Group,
  Paper,
  ScrollArea,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core'
import { useState } from 'react'
import {
  IMPORT_TEMPLATES,
  type ImportKind,
  type ImportPreview,
  type ImportResult,
} from '../../../../src-shared/api/imports'
import { call } from '../../app/api'
import { formatCount } from '../../app/format'
import { useMutation } from '../../app/use-mutation'
import { Icon } from '../../components/icons'

const KINDS: { value: ImportKind; label: string; hint: string }[] = [
  {
    value: 'customers',
    label: 'Customers',
    hint: 'A QuickBooks Online customer list, a Xero contacts export, or the template.',
  },
  {
    value: 'priceBook',
    label: 'Price book',
    hint: 'A QuickBooks products and services export, a Xero items export, or the template.',
  },
  { value: 'jobs', label: 'Jobs', hint: 'The jobs template: customer, site, job type, technician and date per row.' },
  {
    value: 'payments',
    label: 'Payments',
    hint: 'A QuickBooks Online Invoice List or Transaction List by Customer report, a Xero invoices export, or the template.',
  },
]

/** `plural`: the count badge's word for more than one ("2 errors"; "2 new" stays). */
const OUTCOME = {
  create: { label: 'New', plural: 'new', color: 'green' },
  update: { label: 'Update', plural: 'updates', color: 'blue' },
  unchanged: { label: 'Unchanged', plural: 'unchanged', color: 'gray' },
  error: { label: 'Error', plural: 'errors', color: 'red' },
} as const

/** CSV import with a preview: every bad row is marked by number and reason before anything is written. */
export function ImportPanel() {
  const [kind, setKind] = useState<ImportKind>('customers')
  const [file, setFile] = useState<{ name: string; text: string } | null>(null)
  const [preview, setPreview] = useState<ImportPreview | null>(null)
  const [result, setResult] = useState<ImportResult | null>(null)
  const [skipBad, setSkipBad] = useState(false)
  const mutation = useMutation()
  const { busy } = mutation
  const error = mutation.error?.text ?? null

  const reset = () => {
    setFile(null)
    setPreview(null)
    setResult(null)
    mutation.clear()
    setSkipBad(false)
  }

  const check = async (chosen: File | null, forKind = kind) => {
    if (!chosen) return
    reset()
    const r = await mutation.run(async () => {
      const text = await chosen.text()
      setFile({ name: chosen.name, text })
      return call('imports.preview', { kind: forKind, csv: text, fileName: chosen.name })
    })
    if (r.ok) setPreview(r.value)
  }

  const commit = async () => {
    if (!file) return
    const r = await mutation.run(() => call('imports.commit', { kind, csv: file.text, skipBadRows: skipBad }))
    if (!r.ok) return
    setResult(r.value)
    setPreview(null)
  }

  const writable = preview ? preview.counts.create + preview.counts.update : 0
  const bad = preview?.counts.error ?? 0
  const current = KINDS.find((k) => k.value === kind)!
  return (
    <Paper withBorder shadow="xs" p="lg">
      <Stack gap="md">
        <Title order={2} fz="lg">
          Import from CSV
        </Title>
        <SegmentedControl
          value={kind}
          onChange={(v) => {
            setKind(v as ImportKind)
            reset()
          }}
          data={KINDS.map((k) => ({ value: k.value, label: k.label }))}
          w={540}
          aria-label="What to import"
        />
        <Group justify="space-between" align="center">
          <Text size="sm" c="dimmed">
            {current.hint}{' '}
            <Anchor
              href={`data:text/csv;charset=utf-8,${encodeURIComponent(`${IMPORT_TEMPLATES[kind]}\n`)}`}
              download={`closeout-${kind}-template.csv`}
              size="sm"
              underline="always"
            >
              Download the template
            </Anchor>
          </Text>
          <FileButton onChange={(f) => void check(f)} accept=".csv,text/csv">
            {(props) => (
              <Button
                {...props}
                leftSection={<Icon name="upload" size={16} />}
                loading={busy && !preview}
                variant="light"
              >
                Choose a CSV file
              </Button>
            )}
          </FileButton>
        </Group>
        {error ? (
          <Alert color="red" variant="light" title="The file could not be imported" role="alert">
            {error}
          </Alert>
        ) : null}
        {result ? (
          <Alert color="green" variant="light" title="Import finished" role="status" withCloseButton onClose={reset}>
            {formatCount(result.created)} created, {formatCount(result.updated)} updated,{' '}
            {formatCount(result.unchanged)} unchanged
            {result.skipped ? `, ${formatCount(result.skipped)} bad rows left out` : ''}.
          </Alert>
        ) : null}
        {preview && file ? (
          <Stack gap="sm">
            <Group gap="sm">
              <Text size="sm" fw={600}>
                {file.name}
              </Text>
              <Badge variant="outline" color="gray">
                {preview.formatLabel}
              </Badge>
              {preview.dateFormat ? (
                <Text size="sm" c="dimmed">
                  Dates read as {preview.dateFormat}
                </Text>
              ) : null}
              {(['create', 'update', 'unchanged', 'error'] as const).map((o) =>
                preview.counts[o] ? (
                  <Badge key={o} color={OUTCOME[o].color} variant="light">
                    {formatCount(preview.counts[o])}{' '}
                    {preview.counts[o] === 1 ? OUTCOME[o].label.toLowerCase() : OUTCOME[o].plural}
                  </Badge>
                ) : null,
              )}
            </Group>
            {bad ? (
              <Alert
                color="red"
                variant="light"
                role="alert"
                title={`${formatCount(bad)} ${bad === 1 ? 'row has' : 'rows have'} problems`}
              >
                Nothing has been written. Fix these rows in the file and choose it again, or import the good rows and
                leave these out.
              </Alert>
            ) : null}
            <ScrollArea.Autosize mah={360}>
              <Table verticalSpacing={6} stickyHeader aria-label="Import preview">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={70}>Row</Table.Th>
                    <Table.Th w={130}>Result</Table.Th>
                    <Table.Th w={140}>Id</Table.Th>
                    <Table.Th>Record, or what is wrong</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {[...preview.rows]
                    .sort((a, b) => Number(b.outcome === 'error') - Number(a.outcome === 'error') || a.row - b.row)
                    .map((r) => (
                      <Table.Tr key={r.row} data-row={r.row} bg={r.outcome === 'error' ? 'red.0' : undefined}>
                        <Table.Td>
                          <Text size="sm" fw={600}>
                            {r.row}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Badge size="sm" color={OUTCOME[r.outcome].color} variant="light">
                            {OUTCOME[r.outcome].label}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" ff="monospace">
                            {r.key ?? '—'}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          {r.errors.length ? (
                            r.errors.map((e, i) => (
                              <Text key={i} size="sm" c="red.9">
                                <Text span fw={600}>
                                  {e.column}:
                                </Text>{' '}
                                {e.message}
                              </Text>
                            ))
                          ) : (
                            <Text size="sm" truncate>
                              {r.summary}
                            </Text>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                </Table.Tbody>
              </Table>
            </ScrollArea.Autosize>
            <Group justify="space-between">
              {bad ? (
                <Checkbox
                  label={`Leave out the ${formatCount(bad)} bad ${bad === 1 ? 'row' : 'rows'} and import the rest`}
                  checked={skipBad}
                  onChange={(e) => setSkipBad(e.currentTarget.checked)}
                />
              ) : (
                <span />
              )}
              <Group>
                <Button variant="default" onClick={reset}>
                  Cancel
                </Button>
                <Button onClick={() => void commit()} disabled={writable === 0 || (bad > 0 && !skipBad)} loading={busy}>
                  {writable === 0
                    ? 'Nothing to import'
                    : `Import ${formatCount(writable)} ${writable === 1 ? 'row' : 'rows'}`}
                </Button>
              </Group>
            </Group>
          </Stack>
        ) : null}
      </Stack>
    </Paper>
  )
}
