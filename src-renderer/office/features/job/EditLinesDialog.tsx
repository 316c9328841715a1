import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core'
import { useState } from 'react'
import type { LineEdit } from '../../../../src-shared/api/approvals'
import type { CloseoutLineView } from '../../../../src-shared/api/job-closeout'
import { call } from '../../app/api'
import { pinFailure, useMutation } from '../../app/use-mutation'
import { ApproverFields, approverReady, initialApprover, type Approver } from '../../components/ApproverFields'
import { Icon } from '../../components/icons'
import { isMoneyText } from '../../../../src-shared/domain/money'
import { FailureAlert } from '../../components/FailureAlert'

interface Draft {
  lineNo: number
  description: string
  quantity: string
  unitPrice: string
  billable: boolean
  removed: boolean
}

interface NewLine {
  kind: 'part' | 'labor' | 'adjustment'
  description: string
  quantity: string
  unitPrice: string
}

const QTY = /^\d{1,9}(\.\d{1,3})?$/

/** Turns the edited table into the API's edit list: only what actually changed. */
export function diffLines(original: CloseoutLineView[], drafts: Draft[], added: NewLine[]): LineEdit[] {
  const edits: LineEdit[] = []
  for (const d of drafts) {
    const o = original.find((l) => l.lineNo === d.lineNo)
    if (!o) continue
    if (d.removed) {
      if (!o.removed) edits.push({ op: 'remove', lineNo: d.lineNo })
      continue
    }
    const update: Extract<LineEdit, { op: 'update' }> = { op: 'update', lineNo: d.lineNo }
    if (d.description.trim() !== o.description) update.description = d.description.trim()
    if (o.kind !== 'adjustment' && d.quantity !== o.quantity) update.quantity = d.quantity
    if (d.unitPrice !== (o.unitPrice ?? '')) update.unitPrice = d.unitPrice === '' ? null : d.unitPrice
    if (d.billable !== o.billable) update.billable = d.billable
    if (Object.keys(update).length > 2) edits.push(update)
  }
  for (const a of added) {
    if (!a.description.trim()) continue
    edits.push({
      op: 'add',
      kind: a.kind,
      description: a.description.trim(),
      ...(a.kind === 'adjustment'
        ? { unitPrice: a.unitPrice, adjustmentKind: 'office' }
        : { quantity: a.quantity || '1', ...(a.unitPrice ? { unitPrice: a.unitPrice } : {}) }),
    } as LineEdit)
  }
  return edits
}

/** Office edits of the closeout's lines: each edit is logged, counted as a touch, and the rules run again. */
export function EditLinesDialog({
  jobId,
  lines,
  opened,
  onClose,
  onDone,
}: {
  jobId: string
  lines: CloseoutLineView[]
  opened: boolean
  onClose: () => void
  onDone: (message: string) => void
}) {
  const [drafts, setDrafts] = useState<Draft[]>(() =>
    lines.map((l) => ({
      lineNo: l.lineNo,
      description: l.description,
      quantity: l.quantity,
      unitPrice: l.unitPrice ?? '',
      billable: l.billable,
      removed: l.removed,
    })),
  )
  const [added, setAdded] = useState<NewLine[]>([])
  const [approver, setApprover] = useState<Approver>(initialApprover)
  const mutation = useMutation()
  const { busy } = mutation
  // A wrong or locked PIN is said beside the PIN; anything else under the lines, with the fields it names.
  const failure = mutation.error
  const pinError = pinFailure(failure)
  const fieldList = Object.entries(failure?.fields ?? {})
  const error =
    failure && !pinError
      ? fieldList.length
        ? `${failure.text} (${fieldList.map(([path, message]) => `${path}: ${message}`).join('; ')})`
        : failure.text
      : null

  const patch = (lineNo: number, p: Partial<Draft>) =>
    setDrafts((ds) => ds.map((d) => (d.lineNo === lineNo ? { ...d, ...p } : d)))
  const invalid =
    drafts.some(
      (d) =>
        !d.removed && (!QTY.test(d.quantity) || (d.unitPrice !== '' && !isMoneyText(d.unitPrice, { negative: true }))),
    ) ||
    added.some(
      (a) =>
        a.description.trim() &&
        ((a.kind !== 'adjustment' && a.quantity !== '' && !QTY.test(a.quantity)) ||
          (a.unitPrice !== '' && !isMoneyText(a.unitPrice, { negative: true })) ||
          (a.kind === 'adjustment' && a.unitPrice === '')),
    )
  const edits = invalid ? [] : diffLines(lines, drafts, added)

  const save = async () => {
    if (!approverReady(approver) || edits.length === 0) return
    const r = await mutation.run(() =>
      call('jobs.editLines', { jobId, userId: approver.userId, pin: approver.pin, edits }),
    )
    if (!r.ok) return
    const result = r.value
    onDone(
      `${result.edits.length} ${result.edits.length === 1 ? 'change' : 'changes'} saved; the job is now ${result.status.replace('-', ' ')}.`,
    )
  }

  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={650}>Edit lines · {jobId}</Text>} size={980}>
      <Stack>
        <Text size="sm" c="dimmed">
          Change quantities, prices or descriptions. Leave a unit price empty to use the price book or labor rate. Every
          change is recorded with your name.
        </Text>
        <Table verticalSpacing={6} aria-label="Lines to edit">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="44%">Description</Table.Th>
              <Table.Th w="13%">Qty / hours</Table.Th>
              <Table.Th w="15%">Unit price</Table.Th>
              <Table.Th w="12%">Billable</Table.Th>
              <Table.Th w="8%" />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {drafts.map((d) => {
              const line = lines.find((l) => l.lineNo === d.lineNo)!
              return (
                <Table.Tr key={d.lineNo} style={d.removed ? { opacity: 0.5 } : undefined}>
                  <Table.Td>
                    <TextInput
                      size="xs"
                      aria-label={`Line ${d.lineNo} description`}
                      value={d.description}
                      disabled={d.removed}
                      onChange={(e) => patch(d.lineNo, { description: e.currentTarget.value })}
                    />
                  </Table.Td>
                  <Table.Td>
                    {line.kind === 'adjustment' ? null : (
                      <TextInput
                        size="xs"
                        aria-label={`Line ${d.lineNo} quantity`}
                        value={d.quantity}
                        disabled={d.removed}
                        error={!d.removed && !QTY.test(d.quantity)}
                        inputMode="decimal"
                        onChange={(e) => patch(d.lineNo, { quantity: e.currentTarget.value.trim() })}
                      />
                    )}
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      size="xs"
                      aria-label={`Line ${d.lineNo} unit price`}
                      // Empty means "as priced": show the price the rules charged, not where it came from.
                      placeholder={line.rate ?? 'Price book'}
                      value={d.unitPrice}
                      disabled={d.removed}
                      error={d.unitPrice !== '' && !isMoneyText(d.unitPrice, { negative: true })}
                      inputMode="decimal"
                      onChange={(e) => patch(d.lineNo, { unitPrice: e.currentTarget.value.trim() })}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Checkbox
                      aria-label={`Line ${d.lineNo} billable`}
                      checked={d.billable}
                      disabled={d.removed}
                      onChange={(e) => patch(d.lineNo, { billable: e.currentTarget.checked })}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Tooltip label={d.removed ? 'Keep this line' : 'Remove this line'}>
                      <ActionIcon
                        variant="subtle"
                        color={d.removed ? 'gray' : 'red'}
                        aria-label={d.removed ? `Keep line ${d.lineNo}` : `Remove line ${d.lineNo}`}
                        onClick={() => patch(d.lineNo, { removed: !d.removed })}
                      >
                        <Icon name={d.removed ? 'refresh' : 'trash'} size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Table.Td>
                </Table.Tr>
              )
            })}
            {added.map((a, i) => (
              <Table.Tr key={`new-${i}`}>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Select
                      size="xs"
                      w={120}
                      aria-label={`New line ${i + 1} kind`}
                      data={[
                        { value: 'part', label: 'Part' },
                        { value: 'labor', label: 'Labor' },
                        { value: 'adjustment', label: 'Adjustment' },
                      ]}
                      value={a.kind}
                      allowDeselect={false}
                      onChange={(v) =>
                        setAdded((xs) =>
                          xs.map((x, k) => (k === i ? { ...x, kind: (v as NewLine['kind']) ?? 'part' } : x)),
                        )
                      }
                    />
                    <TextInput
                      size="xs"
                      style={{ flex: 1 }}
                      aria-label={`New line ${i + 1} description`}
                      placeholder="Description"
                      value={a.description}
                      onChange={(e) =>
                        setAdded((xs) => xs.map((x, k) => (k === i ? { ...x, description: e.currentTarget.value } : x)))
                      }
                    />
                  </Group>
                </Table.Td>
                <Table.Td>
                  {a.kind === 'adjustment' ? null : (
                    <TextInput
                      size="xs"
                      aria-label={`New line ${i + 1} quantity`}
                      value={a.quantity}
                      onChange={(e) =>
                        setAdded((xs) =>
                          xs.map((x, k) => (k === i ? { ...x, quantity: e.currentTarget.value.trim() } : x)),
                        )
                      }
                    />
                  )}
                </Table.Td>
                <Table.Td>
                  <TextInput
                    size="xs"
                    aria-label={`New line ${i + 1} ${a.kind === 'adjustment' ? 'amount' : 'unit price'}`}
                    placeholder={a.kind === 'adjustment' ? 'Amount' : 'Unit price'}
                    value={a.unitPrice}
                    onChange={(e) =>
                      setAdded((xs) =>
                        xs.map((x, k) => (k === i ? { ...x, unitPrice: e.currentTarget.value.trim() } : x)),
                      )
                    }
                  />
                </Table.Td>
                <Table.Td />
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={`Discard new line ${i + 1}`}
                    onClick={() => setAdded((xs) => xs.filter((_, k) => k !== i))}
                  >
                    <Icon name="trash" size={16} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group>
          <Button
            variant="subtle"
            size="xs"
            leftSection={<Icon name="plus" size={14} />}
            onClick={() => setAdded((xs) => [...xs, { kind: 'part', description: '', quantity: '1', unitPrice: '' }])}
          >
            Add a line
          </Button>
        </Group>
        <ApproverFields value={approver} onChange={setApprover} error={pinError} />
        <FailureAlert text={error} />
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {invalid
              ? 'Fix the highlighted fields.'
              : edits.length === 0
                ? 'No changes yet.'
                : `${edits.length} ${edits.length === 1 ? 'change' : 'changes'} to save.`}
          </Text>
          <Group>
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              onClick={() => void save()}
              disabled={edits.length === 0 || !approverReady(approver)}
              loading={busy}
            >
              Save changes
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  )
}
