import { Button, Code, Stack, Table, Text } from '@mantine/core'
import type { InboxHealth } from '../../../../src-shared/api/inbox'
import { formatDateTime } from '../../app/format'
import { ErrorState } from '../../components/QueryState'
import { useReprocess } from './use-reprocess'

/** Bundles held in the inbox after the office kept failing on them (`ingest-crashed`): Reprocess tries again. */
export function HeldBundles({ health, onChanged }: { health: InboxHealth; onChanged: () => void }) {
  const { busy, message, error, reprocess } = useReprocess(onChanged, (folder, r) =>
    r.result === 'ingested' || r.result === 'duplicate'
      ? `${folder} was read successfully.`
      : `${folder}: ${r.result}${r.details[0] ? ` (${r.details[0].message})` : ''}.`,
  )
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        The office stopped or failed while reading these bundles several times, so they wait in the inbox instead of
        being retried. Nothing was rejected or deleted. Reprocess tries again once.
      </Text>
      {message ? <Text size="sm">{message.text}</Text> : null}
      {error ? <ErrorState title="Reprocess failed" error={error} /> : null}
      <Table verticalSpacing="sm" aria-label="Bundles held for attention">
        <Table.Tbody>
          {health.needsAttention.map((h) => (
            <Table.Tr key={h.folder}>
              <Table.Td>
                <Code>{h.folder}</Code>
                <Text size="xs" c="dimmed">
                  {h.message}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatDateTime(h.since)}</Text>
              </Table.Td>
              <Table.Td>
                <ReprocessButton busy={busy === h.folder} onClick={() => void reprocess(h.folder)} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  )
}

export function ReprocessButton({ busy, onClick }: { busy: boolean; onClick: () => void }) {
  return (
    <Button size="compact-sm" variant="default" loading={busy} onClick={onClick}>
      Reprocess
    </Button>
  )
}
