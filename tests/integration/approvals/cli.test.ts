import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../../support/run-cli'
import { approvalsOffice, disposeTemplate, type ApprovalsOffice } from './approvals-harness'

let h: ApprovalsOffice
let dirs: string[]

beforeEach(async () => {
  h = await approvalsOffice()
  dirs = ['--data', h.folders.dataDir, '--shared', h.folders.sharedDir]
})
afterEach(() => h.dispose())
afterAll(() => disposeTemplate())

describe('closeout approve / send-back', () => {
  it('approve: exit 0 and the new status; a wrong PIN: exit 1 with one line; missing --pin: exit 2', async () => {
    const id = await h.submit({ warrantyClaim: true })
    await h.office.close()

    const wrong = runCli([...dirs, 'approve', 'J-1043', '--as', 'U-2', '--pin', '0000'])
    expect(wrong).toMatchObject({
      code: 1,
      stderr: 'closeout: Wrong PIN for Lee Park (supervisor) (4 tries left before a 5-minute lock)\n',
    })
    expect(runCli([...dirs, 'approve', 'J-1043', '--as', 'U-2']).code).toBe(2)

    const ok = runCli([...dirs, 'approve', 'J-1043', '--as', 'U-2', '--pin', '1357', '--comment', 'Warranty confirmed'])
    expect(ok).toMatchObject({ code: 0, stdout: 'J-1043: approved; now invoice-ready\n' })
    const reopened = await h.reopen()
    expect(h.receipt(id).status).toBe('invoice-ready')
    expect(reopened.sqlite.prepare(`SELECT comment FROM approvals WHERE job_id = 'J-1043'`).get()).toEqual({
      comment: 'Warranty confirmed',
    })
  })

  it('send-back: --comment is required (exit 2); with it the receipt carries the comment', async () => {
    const id = await h.submit({ signature: null })
    await h.office.close()

    expect(runCli([...dirs, 'send-back', 'J-1043', '--as', 'U-1', '--pin', '2468']).code).toBe(2)
    const sent = runCli([
      ...dirs,
      'send-back',
      'J-1043',
      '--as',
      'U-1',
      '--pin',
      '2468',
      '--comment',
      'Customer signature missing',
    ])
    expect(sent).toMatchObject({ code: 0, stdout: 'J-1043: sent back; now sent-back\n' })
    expect(h.receipt(id)).toMatchObject({ status: 'sent-back', comment: 'Customer signature missing' })
  })
})
