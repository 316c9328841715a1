import { Anchor, Badge, Button, Code, Group, Modal, Stack, Table, Text, Tooltip } from '@mantine/core'
import { Fragment, useState } from 'react'
import type { InboxHealth } from '../../../../src-shared/api/inbox'
import { call, desktop } from '../../app/api'
import { useReprocess } from './use-reprocess'
import { formatAgo, formatDateTime } from '../../app/format'
import { useQuery } from '../../app/use-query'
import { ErrorState } from '../../components/QueryState'
import { BackupHealthNote } from '../backups/BackupHealthNote'
import { useBackupStatus } from '../backups/use-backup-status'
import { HeldBundles, ReprocessButton } from './HeldBundles'

const REASONS: Record<InboxHealth['rejected'][number]['reason'], string> = {
  'not-a-bundle': 'Not a closeout bundle',
  'bad-manifest': 'Damaged or missing file list',
  'invalid-document': 'The closeout has invalid fields',
  'id-mismatch': 'Folder name and closeout id differ',
  'unsafe-path': 'Unsafe file name',
  'too-large': 'Too large',
  'conflicting-resubmission': 'Conflicts with a closeout already received',
}

/** One line under the inbox title: is the shared folder being read, and did anything bounce. */
export function InboxHealthLine() {
  const health = useQuery(() => call('inbox.health', {}), [], ['inbox.changed', 'jobs.changed'])
  const backups = useBackupStatus()
  const [open, setOpen] = useState(false)
  const [heldOpen, setHeldOpen] = useState(false)
  if (health.error)
    return (
      <Text size="sm" c="red.8">
        Cannot read the inbox status: {health.error.message}
      </Text>
    )
  const h = health.data
  if (!h)
    return (
      <Text size="sm" c="dimmed">
        Checking the shared folder…
      </Text>
    )
  const state = !h.available
    ? { color: 'red', text: 'Shared folder offline' }
    : !h.running
      ? { color: 'gray', text: 'Not watching' }
      : { color: 'green', text: h.mode === 'watching' ? 'Watching' : 'Checking every few seconds' }
  const checked = h.lastScanAt ? `checked ${formatAgo(h.lastScanAt)}` : 'not checked yet'
  // The line's parts, each kept whole: when the room runs out the line wraps between them, never
  // inside one and never behind an ellipsis (issue #14: at 1100 px it ended in "…").
  const parts = [
    checked,
    ...(h.pending ? [`${h.pending} arriving`] : []),
    ...(h.stalled.length ? [`${h.stalled.length} incomplete`] : []),
  ]
  return (
    // The text shrinks and wraps when it must (the buttons keep their size); the search box beside
    // it gives up width first, so where it can the line stays one line.
    <Group gap={6} wrap="nowrap" align="center" data-testid="inbox-health" style={{ minWidth: 0 }}>
      <Text size="sm" c="dimmed" data-testid="inbox-health-text" style={{ minWidth: 0, flex: '0 1 auto' }}>
        <span
          aria-hidden="true"
          style={{
            width: 8,
            height: 8,
            marginRight: 6,
            borderRadius: 4,
            background: `var(--mantine-color-${state.color}-7)`,
            display: 'inline-block',
          }}
        />
        <Tooltip label={h.folder}>
          <span style={NOWRAP}>{state.text}</span>
        </Tooltip>
        {/* The folder itself only on a wide window (1408 px and up); otherwise it is the tooltip above. */}
        <Tooltip label={h.folder}>
          <Code visibleFrom="xl" ml={6}>
            {shortPath(h.folder)}
          </Code>
        </Tooltip>
        {parts.map((part) => (
          <Fragment key={part}>
            {SEPARATOR}
            <span style={NOWRAP}>{part}</span>
          </Fragment>
        ))}
        {backups.data ? (
          <>
            {SEPARATOR}
            <BackupHealthNote status={backups.data} />
          </>
        ) : null}
      </Text>
      {h.rejected.length ? (
        <Button size="compact-sm" variant="light" color="red" style={{ flexShrink: 0 }} onClick={() => setOpen(true)}>
          {h.rejected.length} rejected {h.rejected.length === 1 ? 'bundle' : 'bundles'}
        </Button>
      ) : null}
      {h.needsAttention.length ? (
        <Button
          size="compact-sm"
          variant="light"
          color="orange"
          style={{ flexShrink: 0 }}
          onClick={() => setHeldOpen(true)}
        >
          {h.needsAttention.length} need{h.needsAttention.length === 1 ? 's' : ''} attention
        </Button>
      ) : null}
      <Modal opened={heldOpen} onClose={() => setHeldOpen(false)} title="Bundles held in the inbox" size="xl">
        <HeldBundles health={h} onChanged={health.reload} />
      </Modal>
      <Modal opened={open} onClose={() => setOpen(false)} title="Rejected bundles" size="xl">
        <RejectedBundles health={h} onChanged={health.reload} />
      </Modal>
    </Group>
  )
}

const NOWRAP = { whiteSpace: 'nowrap' } as const
/** Between two parts: the line may wrap after the dot, never before it. */
const SEPARATOR = '\u00a0· '

function shortPath(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean)
  return parts.length > 3 ? `…/${parts.slice(-3).join('/')}` : path
}

function RejectedBundles({ health, onChanged }: { health: InboxHealth; onChanged: () => void }) {
  const { busy, message, error, reprocess } = useReprocess(onChanged, (folder, r) =>
    r.result === 'ingested'
      ? `${folder} was read successfully.`
      : r.result === 'rejected'
        ? `${folder} is still not valid: ${REASONS[r.reason ?? 'invalid-document']}.`
        : `${folder}: ${r.result}.`,
  )
  const show = desktop()
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        These folders arrived in the shared inbox but could not be read. Nothing was deleted: each sits in the rejected
        folder with a REJECTED.json saying why. Fix it on the phone, or fix the files and reprocess.
      </Text>
      {message ? (
        <Text size="sm" c={message.ok ? 'green.9' : 'red.8'}>
          {message.text}
        </Text>
      ) : null}
      {error ? <ErrorState title="Reprocess failed" error={error} /> : null}
      <Table verticalSpacing="sm" aria-label="Rejected bundles">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Bundle</Table.Th>
            <Table.Th>Why</Table.Th>
            <Table.Th>When</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {health.rejected.map((r) => (
            <Table.Tr key={r.folder}>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {r.folder}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge color="red" variant="light">
                  {REASONS[r.reason]}
                </Badge>
                {r.details.slice(0, 3).map((d) => (
                  <Text key={d.path + d.message} size="xs" c="dimmed">
                    {d.path}: {d.message}
                  </Text>
                ))}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatDateTime(r.at)}</Text>
              </Table.Td>
              <Table.Td>
                <Group gap="xs" justify="flex-end" wrap="nowrap">
                  {show ? (
                    <Anchor component="button" size="sm" onClick={() => void show.showInFolder(r.path)}>
                      Show in folder
                    </Anchor>
                  ) : null}
                  <ReprocessButton busy={busy === r.folder} onClick={() => void reprocess(r.folder)} />
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  )
}
