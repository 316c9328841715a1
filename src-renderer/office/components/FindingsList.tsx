import { Badge, Group, Stack, Text } from '@mantine/core'
import type { Finding } from '../../../src-shared/schemas/bundle'

/** What to do about each finding, in the office's words. */
const ADVICE: Record<string, string> = {
  'missing-photos': 'Send it back so the technician adds the photos, or add them in a new closeout.',
  'missing-serial-number': 'Send it back for the serial number, or confirm it with the customer.',
  'missing-signature': 'Send it back for a signature, or record an exception a supervisor can approve.',
  'unpriced-part': 'Edit lines: give the part a price or pick it from the price book.',
  'unpriced-labor': 'Edit lines: give the labor a rate, or add the role in Settings.',
  'unknown-job': 'Create the job in Dispatch, then reprocess the closeout.',
  'unscheduled-job': 'Check the job in Dispatch before it is billed.',
  'signature-exception': 'A supervisor approves the reason the customer did not sign.',
  'discount-over-limit': 'A supervisor approves the discount, or you edit it down.',
  'overtime-over-limit': 'A supervisor approves the overtime hours.',
  'labor-over-limit': 'A supervisor approves the labor hours for this job type.',
  'parts-outside-estimate': 'A supervisor approves parts beyond the estimate.',
  'total-over-nte': 'The total is above the not-to-exceed: get the customer’s OK, then approve.',
  'warranty-claim': 'A supervisor approves the warranty claim.',
  'wrong-technician': 'Ask who did the work: send it back, or reassign the job in Dispatch and edit its lines.',
}

const SEVERITY = {
  block: { label: 'Must fix', color: 'red' },
  approval: { label: 'Needs approval', color: 'yellow' },
  info: { label: 'Note', color: 'gray' },
} as const

export function FindingsList({ findings }: { findings: Finding[] }) {
  if (findings.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No findings: the closeout passed every rule.
      </Text>
    )
  return (
    <Stack gap="sm">
      {findings.map((f, i) => (
        <Group key={`${f.code}-${i}`} align="flex-start" wrap="nowrap" gap="sm" data-finding={f.code}>
          <Badge color={SEVERITY[f.severity].color} variant="light" miw={112}>
            {SEVERITY[f.severity].label}
          </Badge>
          <Stack gap={0}>
            <Text size="sm" fw={500}>
              {f.message}
            </Text>
            <Text size="xs" c="dimmed">
              {ADVICE[f.code] ?? 'Check the closeout before it is billed.'}
            </Text>
          </Stack>
        </Group>
      ))}
    </Stack>
  )
}
