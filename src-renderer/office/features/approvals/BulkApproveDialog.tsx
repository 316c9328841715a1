import { Button, Group, Modal, Stack, Table, Text } from '@mantine/core'
import { useState } from 'react'
import type { ApprovalItem, ApproveManyOutput } from '../../../../src-shared/api/approvals'
import { parseMoney } from '../../../../src-shared/domain/money'
import { call } from '../../app/api'
import { formatMoneyString, formatMoneyText } from '../../app/format'
import { pinFailure, useMutation } from '../../app/use-mutation'
import { ApproverFields, approverReady, initialApprover, type Approver } from '../../components/ApproverFields'
import { approvalReasons } from '../../components/ApprovalSummary'
import { rememberApprover } from '../../components/remembered-approver'
import { FailureAlert } from '../../components/FailureAlert'

/**
 * Approve several jobs with one PIN. The table is what is being approved (each job's reasons and
 * total, and the sum); each job gets its own approval on its log. Jobs that could not be
 * approved stay listed with the reason, so nothing is silently skipped.
 */
export function BulkApproveDialog({
  items,
  currency,
  onClose,
  onDone,
}: {
  items: ApprovalItem[]
  currency: string
  onClose: () => void
  onDone: (message: string, failed: string[]) => void
}) {
  const [approver, setApprover] = useState<Approver>(initialApprover)
  const mutation = useMutation()
  const pinError = pinFailure(mutation.error)
  const error = mutation.error && !pinError ? mutation.error.text : null
  const total = items.reduce((sum, i) => sum + parseMoney(i.totals.total), 0)

  const submit = async () => {
    if (!approverReady(approver)) return
    const r = await mutation.run(() =>
      call('approvals.approveMany', {
        jobIds: items.map((i) => i.jobId),
        userId: approver.userId,
        pin: approver.pin,
      }),
    )
    if (!r.ok) return setApprover((a) => ({ ...a, pin: '' }))
    const { results } = r.value
    rememberApprover(approver.userId)
    onDone(
      summarize(results),
      results.filter((x) => !x.ok).map((x) => x.jobId),
    )
  }

  return (
    <Modal opened onClose={onClose} title={<Text fw={650}>{`Approve ${items.length} jobs`}</Text>} size="xl">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        <Stack>
          <Table striped aria-label="Jobs you are approving">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Job</Table.Th>
                <Table.Th>Why it needs approval</Table.Th>
                <Table.Th ta="right">Total</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((i) => (
                <Table.Tr key={i.jobId}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {i.jobId}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {i.customer ?? 'Unknown customer'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {approvalReasons(i).map((m, n) => (
                      <Text key={n} size="sm">
                        {m}
                      </Text>
                    ))}
                  </Table.Td>
                  <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                    {formatMoneyString(i.totals.total, currency)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr>
                <Table.Th colSpan={2}>Total of {items.length} invoices</Table.Th>
                <Table.Th ta="right" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                  {formatMoneyText(total, currency)}
                </Table.Th>
              </Table.Tr>
            </Table.Tfoot>
          </Table>
          <ApproverFields value={approver} onChange={setApprover} error={pinError} approversOnly />
          <FailureAlert text={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={!approverReady(approver)} loading={mutation.busy}>
              {`Approve ${items.length} jobs`}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

/** "3 jobs approved." or "2 jobs approved; J-1050 was not: …". */
function summarize(results: ApproveManyOutput['results']): string {
  const done = results.filter((r) => r.ok)
  const waiting = done.filter((r) => r.status === 'needs-approval').length
  const failed = results.flatMap((r) => (r.ok ? [] : [`${r.jobId} was not: ${r.error.message}`]))
  const head = `${done.length} ${done.length === 1 ? 'job' : 'jobs'} approved`
  const second = waiting ? ` (${waiting} still ${waiting === 1 ? 'needs' : 'need'} a second approver)` : ''
  return failed.length ? `${head}${second}; ${failed.join('; ')}` : `${head}${second}.`
}
