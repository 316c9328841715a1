import { Alert, Button, Group, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import type { Finding } from '../../../../src-shared/schemas/bundle'
import { call } from '../../app/api'
import { navigate } from '../../app/router'
import { statusLabel } from '../../components/StatusBadge'
import { Icon } from '../../components/icons'
import { useMutation } from '../../app/use-mutation'
import { CreateJobDialog } from './CreateJobDialog'
import { MatchJobDialog } from './MatchJobDialog'

/** The closeout named a job the office does not have: it can be matched to one or become one. */
const UNKNOWN_JOB = new Set(['unknown-job', 'unscheduled-job'])

/**
 * Every needs-review job gets its ways out here, on the job itself: match the closeout to the
 * job it belongs to, create that job from it, or check it again once the cause is fixed.
 */
export function ReviewWaysOut({
  jobId,
  findings,
  siteAddress,
  open,
  onChanged,
}: {
  jobId: string
  findings: Finding[]
  siteAddress: string
  /** Still needs review: the ways are offered; otherwise only the outcome is shown. */
  open: boolean
  onChanged: () => void
}) {
  const [dialog, setDialog] = useState<'match' | 'create' | null>(null)
  const [checked, setChecked] = useState<string | null>(null)
  const mutation = useMutation()
  const busy = mutation.busy
  const notice = mutation.error
    ? { ok: false, text: mutation.error.text }
    : checked !== null
      ? { ok: true, text: checked }
      : null
  const unknown = findings.some((f) => UNKNOWN_JOB.has(f.code))

  const reprocess = async () => {
    setChecked(null)
    const done = await mutation.run(() => call('review.reprocess', { jobId }))
    if (!done.ok) return
    const r = done.value
    const blocking = r.findings.filter((f) => f.severity === 'block').length
    setChecked(
      r.status === 'needs-review'
        ? `Checked again: still needs review (${blocking} ${blocking === 1 ? 'finding' : 'findings'} to fix).`
        : `Checked again: now ${statusLabel(r.status).toLowerCase()}.`,
    )
    onChanged()
  }

  return (
    <>
      <Stack gap="sm">
        {open ? (
          <>
            <Text size="sm" c="dimmed">
              {unknown
                ? 'The technician used a job number the office does not have. Match the closeout to the job it belongs to, or create the job from it.'
                : 'Fix the cause (a price in the price book, the job or customer in Dispatch), then check the closeout again.'}
            </Text>
            <Group gap="sm">
              {unknown ? (
                <>
                  <Button onClick={() => setDialog('match')}>Match to an existing job</Button>
                  <Button
                    variant="light"
                    leftSection={<Icon name="dispatch" size={16} />}
                    onClick={() => setDialog('create')}
                  >
                    Create the job from this closeout
                  </Button>
                </>
              ) : null}
              <Button variant="default" loading={busy} onClick={() => void reprocess()}>
                Reprocess
              </Button>
            </Group>
          </>
        ) : null}
        {notice ? (
          <Alert
            color={notice.ok ? 'green' : 'red'}
            variant="light"
            role={notice.ok ? 'status' : 'alert'}
            withCloseButton
            onClose={() => {
              setChecked(null)
              mutation.clear()
            }}
          >
            {notice.text}
          </Alert>
        ) : null}
      </Stack>
      {dialog === 'match' ? (
        <MatchJobDialog
          jobId={jobId}
          onClose={() => setDialog(null)}
          onDone={(to) => {
            setDialog(null)
            navigate({ screen: 'job', jobId: to })
          }}
        />
      ) : null}
      {dialog === 'create' ? (
        <CreateJobDialog
          jobId={jobId}
          siteAddress={siteAddress}
          onClose={() => setDialog(null)}
          onDone={(text) => {
            setDialog(null)
            setChecked(text)
            onChanged()
          }}
        />
      ) : null}
    </>
  )
}
