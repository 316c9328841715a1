import { Group, Progress, Stack, Text } from '@mantine/core'
import type { JobCloseoutAnswer } from '../../../../src-shared/api/job-closeout'
import { formatMoneyText } from '../../app/format'

/**
 * The estimate, the closeout and the not-to-exceed, side by side, with how far over. Like is
 * compared with like: the estimate (no tax) with the work after discount and before tax; the
 * not-to-exceed with the invoice total, as the rules do (docs/rules.md).
 */
export function EstimateVsActual({ answer }: { answer: JobCloseoutAnswer }) {
  const totals = answer.closeout?.totals
  const total = totals?.totalCents ?? null
  const beforeTax = totals?.subtotalCents == null ? null : totals.subtotalCents - (totals.discountCents ?? 0)
  const estimate = answer.estimateCents
  const nte = answer.notToExceedCents
  const limit = nte ?? estimate
  const actual = nte != null ? total : beforeTax
  const ratio = actual != null && limit ? Math.round((actual * 100) / limit) : null
  const over = ratio != null && ratio > 100
  return (
    <Stack gap="sm">
      <Row
        label="Estimate"
        value={estimate == null ? 'No priced estimate' : formatMoneyText(estimate, answer.currency)}
      />
      <Row
        label="Actual before tax"
        value={beforeTax == null ? 'No closeout yet' : formatMoneyText(beforeTax, answer.currency)}
        strong={nte == null}
      />
      <Row
        label="Invoice total"
        value={total == null ? 'No closeout yet' : formatMoneyText(total, answer.currency)}
        strong={nte != null}
      />
      <Row label="Not to exceed" value={nte == null ? 'None set' : formatMoneyText(nte, answer.currency)} />
      {ratio != null ? (
        <Stack gap={4}>
          <Progress
            value={Math.min(ratio, 100)}
            color={over ? 'red.8' : ratio > 85 ? 'yellow.8' : 'brand'}
            aria-label={`${nte != null ? 'Invoice total' : 'Actual before tax'} is ${ratio}% of the ${nte != null ? 'not-to-exceed' : 'estimate'}`}
          />
          <Text size="xs" c={over ? 'red.8' : 'dimmed'}>
            {ratio}% of the {nte != null ? 'not-to-exceed' : 'estimate'}
            {over && limit != null && actual != null
              ? `: ${formatMoneyText(actual - limit, answer.currency)} over`
              : ''}
          </Text>
        </Stack>
      ) : null}
    </Stack>
  )
}

function Row({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  return (
    <Group justify="space-between">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={strong ? 700 : 500} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Text>
    </Group>
  )
}
