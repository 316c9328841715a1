import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core'
import { useState, type ReactNode } from 'react'
import { pinFailure, useMutation } from '../app/use-mutation'
import { ApprovalSummary } from './ApprovalSummary'
import { ApproverFields, approverReady, initialApprover, type Approver } from './ApproverFields'
import { rememberApprover } from './remembered-approver'
import { FailureAlert } from './FailureAlert'

export type DecisionKind = 'approve' | 'send-back' | 'void'

const LOOK: Record<
  DecisionKind,
  { title: string; confirm: string; color: string; comment: string; commentRequired: boolean; placeholder: string }
> = {
  approve: {
    title: 'Approve',
    confirm: 'Approve job',
    color: 'brand',
    comment: 'Comment (optional)',
    commentRequired: false,
    placeholder: 'Anything the billing clerk should know',
  },
  'send-back': {
    title: 'Send back to the technician',
    confirm: 'Send back',
    color: 'orange',
    comment: 'What must the technician fix?',
    commentRequired: true,
    placeholder: 'e.g. Add an after photo of the condenser',
  },
  void: {
    title: 'Void job',
    confirm: 'Void job',
    color: 'red',
    comment: 'Why is this job void?',
    commentRequired: true,
    placeholder: 'e.g. Customer cancelled; duplicate of J-1050',
  },
}

/**
 * Approve, send back or void: who decides (name + PIN) and why, then one call. Wrong PINs and
 * lockouts come back from the office API as errors and are shown in place.
 */
export function DecisionDialog({
  kind,
  jobId,
  opened,
  onClose,
  onDone,
  run,
  approversOnly = kind === 'approve',
  children,
}: {
  kind: DecisionKind
  jobId: string
  opened: boolean
  onClose: () => void
  onDone: (message: string) => void
  run: (approver: { userId: string; pin: string }, comment: string) => Promise<string>
  /** List only people the approval policy lets approve (approving; sending back a job waiting for approval). */
  approversOnly?: boolean
  children?: ReactNode
}) {
  const look = LOOK[kind]
  const [approver, setApprover] = useState<Approver>(initialApprover)
  const [comment, setComment] = useState('')
  const mutation = useMutation()
  const { busy } = mutation
  const pinError = pinFailure(mutation.error)
  const error = mutation.error && !pinError ? mutation.error.text : null
  const ready = approverReady(approver) && (!look.commentRequired || comment.trim().length > 0)

  const submit = async () => {
    if (!approverReady(approver)) return
    const r = await mutation.run(() => run(approver, comment.trim()))
    if (!r.ok) return
    rememberApprover(approver.userId)
    setApprover({ userId: approver.userId, pin: '' })
    setComment('')
    onDone(r.value)
  }

  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={650}>{`${look.title} · ${jobId}`}</Text>} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        <Stack>
          {kind === 'approve' ? <ApprovalSummary jobId={jobId} /> : null}
          {children}
          <Textarea
            label={look.comment}
            placeholder={look.placeholder}
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            required={look.commentRequired}
            autosize
            minRows={2}
            maxRows={6}
          />
          <ApproverFields value={approver} onChange={setApprover} error={pinError} approversOnly={approversOnly} />
          <FailureAlert text={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color={look.color} disabled={!ready} loading={busy}>
              {look.confirm}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
