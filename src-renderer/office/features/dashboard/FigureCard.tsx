import { Group, Paper, Text, UnstyledButton } from '@mantine/core'
import type { ReactNode } from 'react'
import type { MetricFigure } from '../../../../src-shared/api/metrics'

export interface JobSelection {
  title: string
  jobIds: readonly string[]
  /** The figure, and which entry of it, whose jobs the drawer pages through (metrics.jobs). */
  figure: MetricFigure
  key?: string
}

/**
 * A figure that opens the jobs behind it. Every number on the dashboard goes through this, so
 * "where does that number come from" is always one click away.
 */
export function FigureButton({
  selection,
  onOpen,
  children,
  label,
}: {
  selection: JobSelection
  onOpen: (s: JobSelection) => void
  children: ReactNode
  label?: string
}) {
  const empty = selection.jobIds.length === 0
  return (
    <UnstyledButton
      onClick={() => onOpen(selection)}
      disabled={empty}
      aria-label={
        label ?? `${selection.title}: show ${selection.jobIds.length} job${selection.jobIds.length === 1 ? '' : 's'}`
      }
      style={{
        borderRadius: 'var(--mantine-radius-sm)',
        cursor: empty ? 'default' : 'pointer',
        display: 'block',
        width: '100%',
      }}
      className="figure-button"
    >
      {children}
    </UnstyledButton>
  )
}

/** A headline tile: label, big value, one line of context. */
export function Tile({
  label,
  value,
  caption,
  detail,
  accent,
  selection,
  onOpen,
}: {
  label: string
  value: string
  /** A few words beside the value, e.g. where the clock stops. */
  caption?: string
  detail: ReactNode
  accent: string
  selection: JobSelection
  onOpen: (s: JobSelection) => void
}) {
  return (
    <Paper withBorder radius="md" p={0} style={{ borderTop: `3px solid var(--mantine-color-${accent}-5)` }}>
      <FigureButton selection={selection} onOpen={onOpen}>
        <div style={{ padding: 'var(--mantine-spacing-md)' }}>
          <Text size="xs" tt="uppercase" fw={700} c="dimmed" style={{ letterSpacing: 0.4 }}>
            {label}
          </Text>
          <Group align="baseline" gap={6} mt={6}>
            <Text fz={30} fw={700} lh={1.1} style={{ fontVariantNumeric: 'tabular-nums' }}>
              {value}
            </Text>
            {caption ? (
              <Text size="sm" c="dimmed" fw={600} data-testid="tile-caption">
                {caption}
              </Text>
            ) : null}
          </Group>
          <Text size="sm" c="dimmed" mt={6} lineClamp={2}>
            {detail}
          </Text>
        </div>
      </FigureButton>
    </Paper>
  )
}
