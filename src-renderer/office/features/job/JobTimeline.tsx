import { Text, Timeline } from '@mantine/core'
import type { JobDetail } from '../../../../src-shared/api/jobs'
import { isJobStatus } from '../../../../src-shared/domain/status'
import { formatDateTime } from '../../app/format'
import { statusLabel } from '../../components/StatusBadge'

type JobEvent = JobDetail['events'][number]

const VIA: Record<string, string> = {
  dispatch: 'in Dispatch',
  'setup-import': 'from the setup file',
  demo: 'from the demo',
  'csv-import': 'from a CSV import',
  closeout: 'from a closeout',
  settings: 'in Settings',
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : ''
}

/** One sentence per event, in the words a clerk uses; the raw data stays in the log. */
export function describeEvent(e: JobEvent): { title: string; detail?: string; color: string } {
  const d = e.data
  switch (e.type) {
    case 'job-created':
      return { title: `Job created ${VIA[str(d.via)] ?? ''}`.trim(), color: 'gray' }
    case 'job-updated': {
      const fields = Array.isArray(d.fields) ? (d.fields as string[]).join(', ') : ''
      return {
        title: `Job details changed ${VIA[str(d.via)] ?? ''}`.trim(),
        ...(fields ? { detail: `Changed: ${fields}` } : {}),
        color: 'gray',
      }
    }
    case 'submission-received':
      return {
        title: 'Closeout received from the field',
        detail: `Completed ${formatDateTime(str(d.completedAt))}${d.supersedes ? ' · replaces the closeout sent back' : ''}${conflictNote(d.conflictCopiesUsed)}`,
        color: 'blue',
      }
    case 'status-changed': {
      const to = str(d.to)
      const findings =
        Array.isArray(d.findings) && d.findings.length
          ? `Because: ${(d.findings as string[]).join(', ')}`
          : str(d.reason)
      return {
        title: `Now ${isJobStatus(to) ? statusLabel(to).toLowerCase() : to}`,
        ...(findings ? { detail: findings } : {}),
        color:
          to === 'invoice-ready' || to === 'approved'
            ? 'green'
            : to === 'needs-approval'
              ? 'yellow'
              : to === 'needs-review' || to === 'sent-back'
                ? 'orange'
                : 'gray',
      }
    }
    case 'approved':
      return {
        title: `Approved${Number(d.level) > 1 ? ` (approval ${String(d.level)})` : ''}`,
        ...(d.comment ? { detail: `“${str(d.comment)}”` } : {}),
        color: 'green',
      }
    case 'sent-back':
      return { title: 'Sent back to the technician', detail: `“${str(d.comment)}”`, color: 'orange' }
    case 'lines-edited': {
      const edits = Array.isArray(d.edits)
        ? (d.edits as { lineNo?: number; field?: string; from?: unknown; to?: unknown }[])
        : []
      return {
        title: `${edits.length} ${edits.length === 1 ? 'line edit' : 'line edits'} in the office`,
        detail: edits
          .slice(0, 4)
          .map((x) => `line ${x.lineNo ?? '?'} ${x.field ?? ''}: ${String(x.from ?? '—')} → ${String(x.to ?? '—')}`)
          .join('; '),
        color: 'blue',
      }
    }
    case 'voided':
      return { title: 'Voided', detail: str(d.reason), color: 'red' }
    case 'invoiced':
      return {
        title: `Invoiced as ${str(d.invoiceNumber)}`,
        detail: `Export batch ${String(d.batchId ?? '')} · ${str(d.format)}`,
        color: 'indigo',
      }
    case 'invoice-sent': {
      const to = Array.isArray(d.to) ? (d.to as string[]).join(', ') : ''
      return {
        title: d.mode === 'draft' ? `Draft e-mail to ${to}` : `Sent to ${to}${d.again ? ' (again)' : ''}`,
        detail: `${str(d.invoiceNumber)} · message ${str(d.messageId)}`,
        color: 'teal',
      }
    }
    case 'batch-voided':
      return { title: 'Export batch voided', detail: str(d.reason), color: 'red' }
    case 'closeout-moved':
      return { title: `Closeout matched from ${str(d.from)} to ${str(d.to)}`, color: 'blue' }
    case 'disputed':
      return { title: 'Customer disputed the invoice', detail: str(d.reason), color: 'red' }
    default:
      return { title: e.type, color: 'gray' }
  }
}

/** The job's story from the hash-chained event log, oldest first. */
export function JobTimeline({ events }: { events: JobEvent[] }) {
  if (events.length === 0)
    return (
      <Text size="sm" c="dimmed">
        Nothing has happened to this job yet.
      </Text>
    )
  return (
    <Timeline bulletSize={14} lineWidth={2} active={events.length - 1}>
      {events.map((e) => {
        const d = describeEvent(e)
        return (
          <Timeline.Item
            key={e.id}
            title={
              <Text size="sm" fw={600}>
                {d.title}
              </Text>
            }
            color={d.color}
            lineVariant="solid"
          >
            {d.detail ? (
              <Text size="xs" c="dimmed" lineClamp={3}>
                {d.detail}
              </Text>
            ) : null}
            <Text size="xs" c="dimmed" mt={2}>
              {formatDateTime(e.at)} · {e.actorName}
            </Text>
          </Timeline.Item>
        )
      })}
    </Timeline>
  )
}

/** Files the office took from a sync service's conflict copy because that copy held the bytes the phone sent. */
function conflictNote(used: unknown): string {
  if (!Array.isArray(used) || used.length === 0) return ''
  const files = used.map((u: { file?: unknown; copy?: unknown }) => `${str(u.file)} (from ${str(u.copy)})`)
  return ` · taken from a sync conflict copy that matched what the phone sent: ${files.join(', ')}`
}
