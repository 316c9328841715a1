import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jobsNeedingApproval } from '../../../src-main/core/jobs/attention'
import { attachmentRow } from '../../../src-main/core/jobs/job-attachments'
import { ENGINES, engineRuns, openEngineOffices, type EngineOffices } from '../../support/engines'

/**
 * Issue #17: the reads beside the office's writers on one job, on both engines with the same
 * office. The desktop's tray count and notifications (the jobs waiting for approval, oldest
 * change first, with their customer) and the stored photo a job screen asks for (attachments.get:
 * its hash and type, or not-found; the bytes themselves stay files, read after).
 */
let engines: EngineOffices
let photoId = 0

beforeAll(async () => {
  engines = await openEngineOffices(({ office }) => {
    const wait = office.sqlite.prepare(`UPDATE jobs SET status = 'needs-approval', updated_at = ? WHERE id = ?`)
    // Updated in the same second as J-1047: the id breaks the tie, as on SQLite (J-1044 < J-1047).
    wait.run('2026-12-06T09:00:00.000Z', 'J-1047')
    wait.run('2026-12-06T09:00:00.000Z', 'J-1044')
    wait.run('2026-12-06T08:00:00.000Z', 'J-1050')
    const at = '2026-12-05T09:00:00.000Z'
    office.sqlite
      .prepare(
        `INSERT INTO submissions (id, job_id, technician_id, fingerprint, document_json, completed_at, received_at)
         VALUES ('S-77', 'J-1042', 'T-07', 'S-77', '{}', ?, ?)`,
      )
      .run(at, at)
    photoId = Number(
      office.sqlite
        .prepare(
          `INSERT INTO attachments (submission_id, file, category, sha256, size, taken_at, mime) VALUES ('S-77', 'photos/before-1.jpg', 'before', ?, 48213, NULL, 'image/jpeg')`,
        )
        .run('a'.repeat(64)).lastInsertRowid,
    )
  })
}, 180_000)
afterAll(async () => {
  await engines?.close()
})

describe.each(ENGINES)('the reads beside the job writers on %s (issue #17)', (engine) => {
  const runs = engineRuns(engine)

  it.runIf(runs)(
    'lists the jobs waiting for approval for the tray, oldest change first, with their customer',
    async () => {
      const waiting = await jobsNeedingApproval(engines.on(engine))
      expect(waiting).toEqual([
        { id: 'J-1050', customer: expect.any(String) },
        { id: 'J-1044', customer: 'Rosa Peña' },
        { id: 'J-1047', customer: expect.any(String) },
      ])
    },
  )

  it.runIf(runs)("finds a stored photo's hash and type, and names a missing one", async () => {
    expect(await attachmentRow(engines.on(engine), photoId)).toEqual({ sha256: 'a'.repeat(64), mime: 'image/jpeg' })
    await expect(attachmentRow(engines.on(engine), 999_999)).rejects.toMatchObject({
      code: 'not-found',
      message: 'There is no attachment 999999',
    })
  })
})
