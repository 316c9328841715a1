import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { attentionNow, newSince, notificationsFor } from '../../../src-main/core/jobs/attention'
import { openDemoOffice, type DemoOffice } from './office-fixture'

let demo: DemoOffice

beforeAll(async () => {
  demo = await openDemoOffice()
})
afterAll(async () => {
  await demo.close()
})

describe('desktop attention (tray count and notifications)', async () => {
  it('announces a job once when it starts waiting for approval', async () => {
    const before = await attentionNow(demo.office)
    expect(before.needsApproval).toEqual([])
    demo.office.sqlite.prepare(`UPDATE jobs SET status = 'needs-approval' WHERE id = 'J-1042'`).run()
    const now = await attentionNow(demo.office)
    expect(now.needsApproval).toEqual([{ id: 'J-1042', customer: 'Acme Dental' }])
    expect(notificationsFor(newSince(before, now))).toEqual([
      {
        kind: 'approval',
        target: 'J-1042',
        title: 'J-1042 needs approval',
        body: 'Acme Dental is waiting for a supervisor.',
      },
    ])
    expect(notificationsFor(newSince(now, await attentionNow(demo.office)))).toEqual([])
  })

  it('turns a burst into one notification', async () => {
    const before = await attentionNow(demo.office)
    demo.office.sqlite.prepare(`UPDATE jobs SET status = 'needs-approval' WHERE id IN ('J-1043', 'J-1044')`).run()
    const [note] = notificationsFor(newSince(before, await attentionNow(demo.office)))
    expect(note).toMatchObject({ title: '2 jobs need approval', body: 'J-1043, J-1044' })
  })
})
