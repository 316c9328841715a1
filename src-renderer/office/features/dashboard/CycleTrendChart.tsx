import { Group, Text } from '@mantine/core'
import type { ReactNode } from 'react'
import type { Metrics } from '../../../../src-shared/api/metrics'
import { formatDayShort, formatDuration } from './dashboard-format'

type Week = Metrics['weekly'][number]

const W = 760
const H = 320
const PAD = { left: 52, right: 16, top: 16, bottom: 42 }
const STEPS_HOURS = [1, 2, 4, 6, 12, 24, 48, 72, 96, 168, 336]

function axisStep(maxSeconds: number): number {
  const hours = maxSeconds / 3600
  return (STEPS_HOURS.find((s) => hours / s <= 4) ?? 720) * 3600
}

/** Median cycle time per week as bars, p90 as a line: the trend that shows getting paid sooner. */
export function CycleTrendChart({ weeks, onSelect }: { weeks: readonly Week[]; onSelect: (week: Week) => void }) {
  const max = Math.max(3600, ...weeks.map((w) => Math.max(w.medianSeconds ?? 0, w.p90Seconds ?? 0)))
  const step = axisStep(max)
  const top = Math.ceil(max / step) * step
  const plotW = W - PAD.left - PAD.right
  const plotH = H - PAD.top - PAD.bottom
  const slot = plotW / Math.max(1, weeks.length)
  const barW = Math.min(44, slot * 0.56)
  const y = (s: number) => PAD.top + plotH - (s / top) * plotH
  const x = (i: number) => PAD.left + slot * i + slot / 2
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step)
  const p90 = weeks.map((w, i) => (w.p90Seconds == null ? null : `${x(i)},${y(w.p90Seconds)}`))
  const labelEvery = weeks.length > 14 ? Math.ceil(weeks.length / 10) : 1
  const summary = weeks.map((w) => `${formatDayShort(w.weekStart)}: ${formatDuration(w.medianSeconds)}`).join('; ')

  return (
    <div>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="figure"
        aria-label={`Median cycle time per week. ${summary}`}
        style={{ display: 'block', fontFamily: 'inherit' }}
      >
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} stroke="var(--mantine-color-gray-2)" />
            <text x={PAD.left - 8} y={y(t) + 4} textAnchor="end" fontSize="11" fill="var(--mantine-color-gray-6)">
              {t === 0 ? '0' : formatDuration(t)}
            </text>
          </g>
        ))}
        {weeks.map((w, i) => {
          const h = w.medianSeconds == null ? 0 : y(0) - y(w.medianSeconds)
          const label = `Week of ${formatDayShort(w.weekStart)}: median ${formatDuration(w.medianSeconds)}, p90 ${formatDuration(w.p90Seconds)}, ${w.invoiced} invoiced, ${w.sent} sent`
          return (
            <g
              key={w.weekStart}
              role="button"
              tabIndex={w.invoiced ? 0 : -1}
              aria-label={label}
              style={{ cursor: w.invoiced ? 'pointer' : 'default', outline: 'none' }}
              onClick={() => w.invoiced && onSelect(w)}
              onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && w.invoiced && onSelect(w)}
            >
              <title>{label}</title>
              <rect x={x(i) - slot / 2} y={PAD.top} width={slot} height={plotH} fill="transparent" />
              {w.medianSeconds != null ? (
                <rect
                  x={x(i) - barW / 2}
                  y={y(0) - h}
                  width={barW}
                  height={Math.max(h, 1)}
                  rx={4}
                  fill="var(--mantine-color-teal-5)"
                />
              ) : (
                <text x={x(i)} y={y(0) - 6} textAnchor="middle" fontSize="11" fill="var(--mantine-color-gray-5)">
                  –
                </text>
              )}
              {i % labelEvery === 0 ? (
                <text
                  x={x(i)}
                  y={H - PAD.bottom + 16}
                  textAnchor="middle"
                  fontSize="11"
                  fill="var(--mantine-color-gray-7)"
                >
                  {formatDayShort(w.weekStart)}
                </text>
              ) : null}
              <text
                x={x(i)}
                y={H - PAD.bottom + 31}
                textAnchor="middle"
                fontSize="10"
                fill="var(--mantine-color-gray-5)"
              >
                {w.invoiced ? `${w.invoiced} inv.` : ''}
              </text>
            </g>
          )
        })}
        <polyline
          points={p90.filter((p): p is string => p !== null).join(' ')}
          fill="none"
          stroke="var(--mantine-color-indigo-4)"
          strokeWidth={2}
          strokeDasharray="5 4"
          pointerEvents="none"
        />
        {p90.map((p, i) =>
          p ? (
            <circle
              key={i}
              cx={p.split(',')[0]}
              cy={p.split(',')[1]}
              r={3.5}
              fill="white"
              stroke="var(--mantine-color-indigo-5)"
              strokeWidth={2}
              pointerEvents="none"
            />
          ) : null,
        )}
        <line x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} stroke="var(--mantine-color-gray-4)" />
      </svg>
      <Group gap="lg" justify="center" mt={4}>
        <Legend
          swatch={
            <span
              style={{
                display: 'inline-block',
                width: 12,
                height: 12,
                borderRadius: 3,
                background: 'var(--mantine-color-teal-5)',
              }}
            />
          }
          label="Median, completed → sent (or exported)"
        />
        <Legend
          swatch={
            <span
              style={{ display: 'inline-block', width: 18, borderTop: '2px dashed var(--mantine-color-indigo-4)' }}
            />
          }
          label="90th percentile"
        />
      </Group>
    </div>
  )
}

function Legend({ swatch, label }: { swatch: ReactNode; label: string }) {
  return (
    <Group gap={6}>
      {swatch}
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </Group>
  )
}
