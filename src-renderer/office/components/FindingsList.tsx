import { Badge, Group, Stack, Text } from '@mantine/core'
import { factsOf } from '../../../src-shared/domain/findings'
import type { Finding } from '../../../src-shared/schemas/bundle'

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
              {factsOf(f.code)?.advice ?? 'Check the closeout before it is billed.'}
            </Text>
          </Stack>
        </Group>
      ))}
    </Stack>
  )
}
