import { Alert, Button, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import type { JobCloseout } from '../../../../src-shared/api/job-closeout'
import { allowsAction, type JobAction, type JobStatus } from '../../../../src-shared/domain/status'
import { call, desktop } from '../../app/api'
import { openPacket } from '../../app/file-handoff'
import { useMutation } from '../../app/use-mutation'
import { navigate } from '../../app/router'
import { DecisionDialog, type DecisionKind } from '../../components/DecisionDialog'
import { Icon } from '../../components/icons'
import { ShowInFolderButton } from '../../components/ShowInFolderButton'
import { EditLinesDialog } from './EditLinesDialog'

/** What the job's status allows, and nothing else. */
export function JobActions({
  jobId,
  status,
  closeout,
  onChanged,
}: {
  jobId: string
  status: JobStatus
  closeout: JobCloseout | null
  onChanged: () => void
}) {
  const [dialog, setDialog] = useState<DecisionKind | 'edit' | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [packet, setPacket] = useState<{ folder: string } | { error: string } | null>(null)
  const packetCall = useMutation()
  const done = (message: string) => {
    setDialog(null)
    setNotice(message)
    onChanged()
  }
  const can = (action: JobAction) => allowsAction(status, action, closeout != null)
  const canApprove = can('approve')
  const canSendBack = can('send-back')
  const canEdit = can('edit-lines')
  const canVoid = can('void')
  const canPacket = can('write-packet')

  const writePacket = async () => {
    const r = await packetCall.run(() => openPacket(jobId))
    setPacket(r.ok ? r.value : { error: r.error.text })
  }

  return (
    <Stack gap="xs">
      {canApprove ? (
        <Button leftSection={<Icon name="check" size={16} />} onClick={() => setDialog('approve')}>
          Approve
        </Button>
      ) : null}
      {canSendBack ? (
        <Button
          variant="light"
          color="orange"
          leftSection={<Icon name="reply" size={16} />}
          onClick={() => setDialog('send-back')}
        >
          Send back
        </Button>
      ) : null}
      {canEdit ? (
        <Button variant="default" leftSection={<Icon name="edit" size={16} />} onClick={() => setDialog('edit')}>
          Edit lines
        </Button>
      ) : null}
      {can('edit-job') ? (
        <Button
          variant="default"
          leftSection={<Icon name="dispatch" size={16} />}
          onClick={() => navigate({ screen: 'dispatch', jobId, tab: 'job' })}
        >
          Edit job
        </Button>
      ) : null}
      {canPacket ? (
        <Button
          variant="default"
          leftSection={<Icon name="file" size={16} />}
          loading={packetCall.busy}
          onClick={() => void writePacket()}
        >
          Open packet
        </Button>
      ) : null}
      {canVoid ? (
        <Button
          variant="subtle"
          color="red"
          leftSection={<Icon name="ban" size={16} />}
          onClick={() => setDialog('void')}
        >
          Void job
        </Button>
      ) : null}
      {!canApprove && !canSendBack && !canEdit && !canVoid ? (
        <Text size="sm" c="dimmed">
          Nothing can be done to a void job.
        </Text>
      ) : null}
      {notice ? (
        <Alert color="green" variant="light" withCloseButton onClose={() => setNotice(null)} role="status">
          {notice}
        </Alert>
      ) : null}
      {packet ? (
        'folder' in packet ? (
          <Stack gap={4}>
            <Text size="sm" role="status">
              Packet opened{desktop() ? '' : ' in a new tab'}.
            </Text>
            <ShowInFolderButton path={packet.folder} />
          </Stack>
        ) : (
          <Alert color="red" variant="light" role="alert">
            {packet.error}
          </Alert>
        )
      ) : null}

      <DecisionDialog
        kind="approve"
        jobId={jobId}
        opened={dialog === 'approve'}
        onClose={() => setDialog(null)}
        onDone={done}
        run={async (a, comment) => {
          const r = await call('approvals.approve', {
            jobId,
            userId: a.userId,
            pin: a.pin,
            ...(comment ? { comment } : {}),
          })
          return r.status === 'needs-approval'
            ? `Approval ${r.level ?? 1} of ${r.levelsRequired ?? 2} recorded; a second approver is needed.`
            : `${jobId} approved: it is ${r.status.replace('-', ' ')}.`
        }}
      />
      <DecisionDialog
        kind="send-back"
        jobId={jobId}
        approversOnly={status === 'needs-approval'}
        opened={dialog === 'send-back'}
        onClose={() => setDialog(null)}
        onDone={done}
        run={async (a, comment) => {
          await call('approvals.sendBack', { jobId, userId: a.userId, pin: a.pin, comment })
          return `${jobId} was sent back. The technician sees your comment on their phone.`
        }}
      />
      <DecisionDialog
        kind="void"
        jobId={jobId}
        opened={dialog === 'void'}
        onClose={() => setDialog(null)}
        onDone={done}
        run={async (a, reason) => {
          await call('jobs.void', { jobId, userId: a.userId, pin: a.pin, reason })
          return `${jobId} is void.`
        }}
      />
      {dialog === 'edit' && closeout ? (
        <EditLinesDialog jobId={jobId} lines={closeout.lines} opened onClose={() => setDialog(null)} onDone={done} />
      ) : null}
    </Stack>
  )
}
