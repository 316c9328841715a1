import { describe, expect, it } from 'vitest'
import {
  buildTimeline,
  emptyTimelineState,
  finishTimeline,
  foldEvent,
  type MetricEvent,
} from '../../../src-main/core/metrics/timeline'

let id = 0
const ev = (at: string, type: string, data: Record<string, unknown> = {}): MetricEvent => ({
  id: ++id,
  jobId: 'J-1',
  at,
  type,
  data,
})
const to = (at: string, status: string) => ev(at, 'status-changed', { to: status })
const received = (at: string) =>
  ev(at, 'submission-received', { completedAt: '2026-11-10T08:00:00-06:00', technicianId: 'T-07' })
const NOW = Date.parse('2026-11-20T00:00:00Z')

describe('buildTimeline', () => {
  it('times a two-level approval from the request to the second approver', () => {
    const t = buildTimeline(
      'J-1',
      [
        received('2026-11-10T15:00:00Z'),
        to('2026-11-10T15:00:00Z', 'submitted'),
        to('2026-11-10T15:00:00Z', 'needs-approval'),
        ev('2026-11-10T16:00:00Z', 'approved', { level: 1 }),
        ev('2026-11-10T19:00:00Z', 'approved', { level: 2 }),
        to('2026-11-10T19:00:00Z', 'approved'),
        to('2026-11-10T19:00:00Z', 'invoice-ready'),
      ],
      NOW,
    )

    expect(t.approvals).toEqual([
      {
        requestedAt: Date.parse('2026-11-10T15:00:00Z'),
        decidedAt: Date.parse('2026-11-10T19:00:00Z'),
        decision: 'approved',
      },
    ])
    expect(t.touchesBeforeReady).toBe(0)
  })

  it('does not count an edit that cleared an approval as a decision, but as a touch', () => {
    const t = buildTimeline(
      'J-1',
      [
        received('2026-11-10T15:00:00Z'),
        to('2026-11-10T15:00:00Z', 'submitted'),
        to('2026-11-10T15:00:00Z', 'needs-approval'),
        ev('2026-11-10T17:00:00Z', 'lines-edited'),
        to('2026-11-10T17:00:00Z', 'invoice-ready'),
      ],
      NOW,
    )

    expect(t.approvals[0]!.decision).toBe('other')
    expect(t.edits).toBe(1)
    expect(t.touchesBeforeReady).toBe(1)
  })

  it('counts a hold cleared without an edit as one manual fix, and an edited one as none', () => {
    const t = buildTimeline(
      'J-1',
      [
        received('2026-11-10T15:00:00Z'),
        to('2026-11-10T15:00:00Z', 'submitted'),
        to('2026-11-10T15:00:00Z', 'needs-review'),
        to('2026-11-10T16:00:00Z', 'needs-approval'),
        ev('2026-11-10T17:00:00Z', 'lines-edited'),
        to('2026-11-10T17:00:00Z', 'needs-review'),
        ev('2026-11-10T18:00:00Z', 'lines-edited'),
        to('2026-11-10T18:00:00Z', 'invoice-ready'),
      ],
      NOW,
    )

    expect(t.manualFixes).toBe(1)
    expect(t.edits).toBe(2)
    expect(t.stageMs.review).toBe(2 * 3600_000)
    expect(t.stageMs.approval).toBe(3600_000)
  })

  it('takes back an invoicing whose export batch was voided and keeps counting billing time', () => {
    const t = buildTimeline(
      'J-1',
      [
        received('2026-11-10T15:00:00Z'),
        to('2026-11-10T15:00:00Z', 'submitted'),
        to('2026-11-10T15:00:00Z', 'invoice-ready'),
        ev('2026-11-11T15:00:00Z', 'invoiced'),
        to('2026-11-11T15:00:00Z', 'invoiced'),
        ev('2026-11-12T15:00:00Z', 'batch-voided'),
        to('2026-11-12T15:00:00Z', 'invoice-ready'),
      ],
      NOW,
    )

    expect(t.invoicedAt).toBeNull()
    expect(t.stageMs.billing).toBe(NOW - Date.parse('2026-11-10T15:00:00Z'))
    expect(t.stageSince).toBe(Date.parse('2026-11-10T15:00:00Z'))
  })

  it('keeps the first closeout as the completion when a resubmission arrives', () => {
    const t = buildTimeline(
      'J-1',
      [
        received('2026-11-10T15:00:00Z'),
        ev('2026-11-12T15:00:00Z', 'submission-received', {
          completedAt: '2026-11-12T08:00:00-06:00',
          technicianId: 'T-08',
        }),
      ],
      NOW,
    )

    expect(t.completedAtIso).toBe('2026-11-10T08:00:00-06:00')
    expect(t.technicianId).toBe('T-07')
    expect(t.submissions).toBe(2)
  })
  it('never counts a stretch twice: a status stamped before the one it replaces starts when that one began', () => {
    // A second closeout that sat in the folder while the office worked on the job arrives
    // stamped with its arrival time, earlier than the office's last change.
    const t = buildTimeline(
      'J-1',
      [
        received('2026-11-10T15:00:00Z'),
        to('2026-11-10T15:00:00Z', 'submitted'),
        to('2026-11-10T16:00:00Z', 'needs-review'),
        ev('2026-11-10T15:30:00Z', 'submission-received'),
        to('2026-11-10T15:30:00Z', 'submitted'),
        to('2026-11-10T17:00:00Z', 'needs-review'),
        to('2026-11-10T18:00:00Z', 'invoice-ready'),
        ev('2026-11-10T20:00:00Z', 'invoiced'),
        to('2026-11-10T20:00:00Z', 'invoiced'),
      ],
      NOW,
    )

    // From the arrival (15:00) to ready (18:00) is three hours, all of it review; not 3.5.
    expect(t.stageMs.review).toBe(3 * 3600_000)
    expect(t.stageMs.billing).toBe(2 * 3600_000)
  })

  it('keeps the summary of a job small however often its closeout is sent again', () => {
    // The ingest benchmark's shape: 2,000 closeouts for one job, each stamped with its arrival
    // time (earlier than the office's last change), in review the whole time.
    const state = emptyTimelineState('J-1')
    const start = Date.parse('2026-11-10T15:00:00Z')
    const iso = (ms: number) => new Date(ms).toISOString()
    foldEvent(state, received(iso(start)))
    for (let i = 0; i < 2000; i++) {
      foldEvent(state, to(iso(start + i * 1000), 'submitted'))
      foldEvent(state, to(iso(start + i * 1000 + 1500), 'needs-review'))
    }
    expect(JSON.stringify(state).length).toBeLessThan(1500)
    const t = finishTimeline(state, start + 4000 * 1000)
    expect(t.stageMs.review).toBe(4000 * 1000)
    expect(t.submissions).toBe(1)
  })
})
