import { Badge } from '@mantine/core'
import type { JobStatus } from '../../../src-shared/domain/status'

const LOOK: Record<JobStatus, { label: string; color: string }> = {
  scheduled: { label: 'Scheduled', color: 'gray' },
  submitted: { label: 'Submitted', color: 'blue' },
  'needs-review': { label: 'Needs review', color: 'orange' },
  'needs-approval': { label: 'Needs approval', color: 'yellow' },
  approved: { label: 'Approved', color: 'teal' },
  'sent-back': { label: 'Sent back', color: 'red' },
  'invoice-ready': { label: 'Invoice ready', color: 'green' },
  invoiced: { label: 'Invoiced', color: 'indigo' },
  void: { label: 'Void', color: 'dark' },
}

export function statusLabel(status: JobStatus): string {
  return LOOK[status].label
}

export function StatusBadge({ status }: { status: JobStatus }) {
  const look = LOOK[status]
  return (
    <Badge color={look.color} variant="light" radius="sm" size="md">
      {look.label}
    </Badge>
  )
}
