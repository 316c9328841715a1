import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import { CloseoutSchema } from '../../../src-shared/schemas/closeout'
import { recordApprovals } from '../../../src-main/core/approvals/approve-many'
import { recordApproval, recordSendBack } from '../../../src-main/core/approvals/decisions'
import { hashPin } from '../../../src-main/core/auth/pin'
import { postgresEngineDb, withTransaction, type EngineDb, type EngineName } from '../../../src-main/core/db/engine-db'
import { openPostgres, type PgDatabase } from '../../../src-main/core/db/pg/pool'
import { refusal } from '../../support/refusal'
import { evaluateSubmissionIn } from '../../../src-main/core/lifecycle/evaluate'
import { appendEventsIn } from '../../../src-main/core/lifecycle/event-log'
import type { SqliteOffice } from '../../../src-main/core/office'
import { ENGINES, engineRuns, openEngineOffices, pgRuns, verifyLogOn, type EngineOffices } from '../../support/engines'

/**
 * Issue #17, the approval inbox's decisions on the async path: approve (one level, and the
 * second level the policy asks for over an amount), send back and approve-many check the PIN
 * first, then write the approval row, the events, the status change and the owed receipt in one
 * withTransaction, on the SQLite file and on PostgreSQL. The same office is on both: closeouts
 * received and checked by the real rules. Both engines give the same outcomes and the same
 * refusals, and their logs verify; two seats deciding the same job at the same moment never
 * record a level twice.
 *
 * Users: U-1 Dana Kim (billing, 2468), U-2 Lee Park (supervisor, 1357), U-3 Robin Hale
 * (supervisor, 2222), T-08 Priya Natarajan (supervisor, 9999: the technician herself), U-5 Marcus
 * Bell (supervisor, 5555, works as technician T-09).
 */
const NOW = new Date('2026-11-26T15:00:00.000Z')
const LEE = { userId: 'U-2', pin: '1357' }
const ROBIN = { userId: 'U-3', pin: '2222' }
const DANA = { userId: 'U-1', pin: '2468' }
/** Over 350.00 a second approval is needed. */
const BIG = ['J-1044', 'J-1045', 'J-1048', 'J-1051', 'J-1052']
const WAITING = [
  'J-1043',
  'J-1044',
  'J-1045',
  'J-1048',
  'J-1050',
  'J-1051',
  'J-1052',
  'J-1053',
  'J-1054',
  'J-1055',
  'J-1057',
]
/** A routine closeout (as estimated, signed): invoice-ready at once, not waiting for anyone. */
const ROUTINE = 'J-1047'

let engines: EngineOffices
const submissionOf = new Map<string, string>()
const extraPools: Kysely<PgDatabase>[] = []

/** The work done as estimated, signed; a warranty claim (which needs an approver) but for ROUTINE. */
function closeout(office: SqliteOffice, jobId: string) {
  const job = office.sqlite.prepare(`SELECT technician_id FROM jobs WHERE id = ?`).get(jobId) as {
    technician_id: string
  }
  const estimate = office.sqlite
    .prepare(`SELECT kind, sku, role, quantity_milli FROM estimate_lines WHERE job_id = ? ORDER BY rowid`)
    .all(jobId) as { kind: string; sku: string | null; role: string | null; quantity_milli: number }[]
  return CloseoutSchema.parse({
    schema: 'closeout/v1',
    submissionId: randomUUID(),
    job: { id: jobId },
    technician: { id: job.technician_id },
    completedAt: '2026-11-25T14:03:00-06:00',
    workPerformed: { tasks: ['Work done'], notes: '' },
    labor: estimate
      .filter((e) => e.kind === 'labor')
      .map((e) => ({ role: e.role, hours: String(e.quantity_milli / 1000), billable: true, overtime: false })),
    parts: estimate
      .filter((e) => e.kind === 'part')
      .map((e) => ({ sku: e.sku, description: e.sku, quantity: e.quantity_milli / 1000 })),
    adjustments: [],
    attachments: [
      { file: 'photos/before-1.jpg', category: 'before' },
      { file: 'photos/after-1.jpg', category: 'after' },
    ],
    signature: { file: 'signature.png', signerName: 'Pat Doe' },
    ...(jobId === ROUTINE ? {} : { warrantyClaim: true }),
  })
}

/** Receives each closeout as the ingest stores it and lets the real rules check and sort it. */
async function seed(office: SqliteOffice): Promise<void> {
  const { sqlite } = office
  const addUser = sqlite.prepare(
    `INSERT INTO users (id, name, roles_json, pin_hash, active, technician_id) VALUES (?, ?, '["supervisor"]', ?, 1, ?)`,
  )
  addUser.run('U-3', 'Robin Hale', await hashPin('2222'), null)
  addUser.run('T-08', 'Priya Natarajan', await hashPin('9999'), null)
  addUser.run('U-5', 'Marcus Bell', await hashPin('5555'), 'T-09')
  sqlite.prepare(`UPDATE approval_policy SET second_approval_over_cents = 35000 WHERE id = 1`).run()
  {
    for (const [i, jobId] of [...WAITING, ROUTINE].entries()) {
      const doc = closeout(office, jobId)
      const stamp = new Date(Date.parse('2026-11-25T20:00:00.000Z') + i * 60_000).toISOString()
      sqlite
        .prepare(
          `INSERT INTO submissions (id, job_id, technician_id, fingerprint, document_json, completed_at, received_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(doc.submissionId, jobId, doc.technician.id, doc.submissionId, JSON.stringify(doc), doc.completedAt, stamp)
      sqlite
        .prepare(`UPDATE jobs SET current_submission_id = ?, updated_at = ? WHERE id = ?`)
        .run(doc.submissionId, stamp, jobId)
      await withTransaction(office, (trx) =>
        evaluateSubmissionIn(office, trx, doc.submissionId, {
          actor: 'rules',
          reason: 'closeout received',
          at: stamp,
          afterIngest: true,
        }),
      )
      submissionOf.set(jobId, doc.submissionId)
    }
    await withTransaction(office, (trx) =>
      appendEventsIn(trx, [
        // Robin fixed J-1050's lines in the office (the event an edit logs): Robin may not approve it.
        {
          jobId: 'J-1050',
          type: 'lines-edited',
          actor: 'U-3',
          at: '2026-11-25T21:00:00.000Z',
          data: {
            submissionId: submissionOf.get('J-1050'),
            edits: [{ lineNo: 1, field: 'quantity', from: '1.5', to: '1.25' }],
          },
        },
        // An edit of an earlier closeout of J-1053 does not count against Robin.
        {
          jobId: 'J-1053',
          type: 'lines-edited',
          actor: 'U-3',
          at: '2026-11-25T21:00:00.000Z',
          data: { submissionId: 'an-earlier-closeout', edits: [] },
        },
      ]),
    )
  }
}

beforeAll(async () => {
  engines = await openEngineOffices(({ office }) => seed(office))
}, 180_000)
afterAll(async () => {
  for (const pool of extraPools) await pool.destroy()
  await engines?.close()
})

async function status(edb: EngineDb, jobId: string): Promise<string | undefined> {
  return (await edb.db.selectFrom('jobs').select('status').where('id', '=', jobId).executeTakeFirst())?.status
}

async function approvals(edb: EngineDb, jobId: string) {
  return edb.db
    .selectFrom('approvals')
    .select(['submission_id', 'user_id', 'level', 'decision', 'comment', 'at'])
    .where('job_id', '=', jobId)
    .orderBy('id')
    .execute()
}

/** The job's events after the rules' first decision: type, actor and what they say. */
async function decisionEvents(edb: EngineDb, jobId: string) {
  const rows = await edb.db
    .selectFrom('job_events')
    .select(['type', 'actor', 'data_json', 'at'])
    .where('job_id', '=', jobId)
    .where('actor', 'not in', ['rules', 'demo'])
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ type: r.type, actor: r.actor, at: r.at, data: JSON.parse(r.data_json) as unknown }))
}

async function owed(edb: EngineDb, jobId: string): Promise<string | undefined> {
  const row = await edb.db
    .selectFrom('pending_receipts')
    .select('since')
    .where('submission_id', '=', submissionOf.get(jobId)!)
    .executeTakeFirst()
  return row?.since
}

/** A second window (SQLite: the same office) or a second seat (PostgreSQL: its own pool). */
function secondSeat(engine: EngineName): EngineDb {
  if (engine === 'sqlite') return engines.on('sqlite')
  const pool = openPostgres(engines.postgresUrl!, { max: 1 })
  extraPools.push(pool)
  return postgresEngineDb(pool)
}

describe.each(ENGINES)('the approval decisions on %s (issue #17)', (engine) => {
  const run = it.runIf(engineRuns(engine))
  const edb = (): EngineDb => engines.on(engine)
  const at = NOW.toISOString()

  run('the seeded closeouts wait for approval; the big ones need two levels', async () => {
    const jobs = await edb()
      .db.selectFrom('jobs')
      .select(['id', 'status', 'total_cents'])
      .where('id', 'in', WAITING)
      .orderBy('id')
      .execute()
    expect(jobs.map((j) => [j.id, j.status, (j.total_cents ?? 0) > 35000])).toEqual(
      WAITING.map((id) => [id, 'needs-approval', BIG.includes(id)]),
    )
    expect(await status(edb(), ROUTINE)).toBe('invoice-ready')
  })

  run('one approval moves a job to invoice-ready: the row, the events in order, the owed receipt', async () => {
    const decided = await recordApproval(
      edb(),
      { jobId: 'J-1043', ...LEE, comment: ' Tenant confirmed by phone ' },
      NOW,
    )
    expect(decided).toEqual({
      result: {
        jobId: 'J-1043',
        submissionId: submissionOf.get('J-1043'),
        status: 'invoice-ready',
        level: 1,
        levelsRequired: 1,
      },
      statusChanged: true,
    })
    expect(await status(edb(), 'J-1043')).toBe('invoice-ready')
    const submissionId = submissionOf.get('J-1043')
    expect(await approvals(edb(), 'J-1043')).toEqual([
      {
        submission_id: submissionId,
        user_id: 'U-2',
        level: 1,
        decision: 'approved',
        comment: 'Tenant confirmed by phone',
        at,
      },
    ])
    expect(await decisionEvents(edb(), 'J-1043')).toEqual([
      { type: 'approved', actor: 'U-2', at, data: { submissionId, level: 1, comment: 'Tenant confirmed by phone' } },
      {
        type: 'status-changed',
        actor: 'U-2',
        at,
        data: { from: 'needs-approval', to: 'approved', reason: 'approved by Lee Park (supervisor)' },
      },
      {
        type: 'status-changed',
        actor: 'U-2',
        at,
        data: { from: 'approved', to: 'invoice-ready', reason: 'all approvals given' },
      },
    ])
    expect(await owed(edb(), 'J-1043')).toBe(at)
  })

  run('over the amount a second, different approver is needed', async () => {
    const first = await recordApproval(edb(), { jobId: 'J-1044', ...LEE }, NOW)
    expect(first).toMatchObject({
      result: { status: 'needs-approval', level: 1, levelsRequired: 2 },
      statusChanged: false,
    })
    expect(await status(edb(), 'J-1044')).toBe('needs-approval')
    expect(await owed(edb(), 'J-1044')).toBeUndefined()
    expect(await refusal(recordApproval(edb(), { jobId: 'J-1044', ...LEE }, NOW))).toEqual({
      code: 'same-approver',
      message: 'Lee Park (supervisor) already approved job J-1044; the second approval must come from someone else',
    })

    const second = await recordApproval(edb(), { jobId: 'J-1044', ...ROBIN }, NOW)
    expect(second).toMatchObject({
      result: { status: 'invoice-ready', level: 2, levelsRequired: 2 },
      statusChanged: true,
    })
    expect((await approvals(edb(), 'J-1044')).map((a) => [a.user_id, a.level, a.decision])).toEqual([
      ['U-2', 1, 'approved'],
      ['U-3', 2, 'approved'],
    ])
    expect((await decisionEvents(edb(), 'J-1044')).map((e) => [e.type, e.actor])).toEqual([
      ['approved', 'U-2'],
      ['approved', 'U-3'],
      ['status-changed', 'U-3'],
      ['status-changed', 'U-3'],
    ])
    expect(await owed(edb(), 'J-1044')).toBe(at)
  })

  run('a send-back needs a reason, which goes on the row, the event and the owed receipt', async () => {
    expect(await refusal(recordSendBack(edb(), { jobId: 'J-1045', ...LEE, comment: '  ' }, NOW))).toEqual({
      code: 'comment-required',
      message: 'Say what the technician must fix: a send-back needs a comment',
    })
    expect(await refusal(recordSendBack(edb(), { jobId: 'J-1045', ...DANA, comment: 'x' }, NOW))).toEqual({
      code: 'not-an-approver',
      message: 'Dana Kim (billing) may not approve: approvals need the role supervisor',
    })
    const decided = await recordSendBack(
      edb(),
      { jobId: 'J-1045', ...LEE, comment: ' Get the tenant to sign next visit ' },
      NOW,
    )
    const submissionId = submissionOf.get('J-1045')
    expect(decided).toEqual({ result: { jobId: 'J-1045', submissionId, status: 'sent-back' }, statusChanged: true })
    expect(await status(edb(), 'J-1045')).toBe('sent-back')
    expect(await approvals(edb(), 'J-1045')).toEqual([
      {
        submission_id: submissionId,
        user_id: 'U-2',
        level: 1,
        decision: 'sent-back',
        comment: 'Get the tenant to sign next visit',
        at,
      },
    ])
    expect(await decisionEvents(edb(), 'J-1045')).toEqual([
      { type: 'sent-back', actor: 'U-2', at, data: { submissionId, comment: 'Get the tenant to sign next visit' } },
      {
        type: 'status-changed',
        actor: 'U-2',
        at,
        data: { from: 'needs-approval', to: 'sent-back', reason: 'Get the tenant to sign next visit' },
      },
    ])
    expect(await owed(edb(), 'J-1045')).toBe(at)
  })

  run('approve-many: one PIN, each job on its own; one that cannot be approved holds back none', async () => {
    const out = await recordApprovals(
      edb(),
      { jobIds: ['J-1054', ROUTINE, 'J-1055', 'J-0404', 'J-1048'], ...LEE, comment: 'Batch' },
      NOW,
    )
    expect(out.results).toEqual([
      { jobId: 'J-1054', ok: true, status: 'invoice-ready', level: 1, levelsRequired: 1 },
      {
        jobId: ROUTINE,
        ok: false,
        error: {
          code: 'invalid-transition',
          message: `Job ${ROUTINE} is invoice-ready; only a job that is needs-approval can be approved`,
        },
      },
      { jobId: 'J-1055', ok: true, status: 'invoice-ready', level: 1, levelsRequired: 1 },
      { jobId: 'J-0404', ok: false, error: { code: 'not-found', message: 'There is no job J-0404' } },
      { jobId: 'J-1048', ok: true, status: 'needs-approval', level: 1, levelsRequired: 2 },
    ])
    for (const jobId of ['J-1054', 'J-1055']) {
      expect(await approvals(edb(), jobId)).toEqual([
        {
          submission_id: submissionOf.get(jobId),
          user_id: 'U-2',
          level: 1,
          decision: 'approved',
          comment: 'Batch',
          at,
        },
      ])
      expect(await owed(edb(), jobId)).toBe(at)
    }
    // A wrong PIN approves nothing.
    expect((await refusal(recordApprovals(edb(), { jobIds: ['J-1053'], userId: 'U-2', pin: '0000' }, NOW))).code).toBe(
      'wrong-pin',
    )
    expect(await approvals(edb(), 'J-1053')).toEqual([])
  })

  run('refuses the technician who did the work and the office user who edited the lines', async () => {
    expect(await refusal(recordApproval(edb(), { jobId: 'J-1052', userId: 'T-08', pin: '9999' }, NOW))).toEqual({
      code: 'self-approval',
      message: 'Priya Natarajan submitted this closeout and may not approve it',
    })
    expect(await refusal(recordApproval(edb(), { jobId: 'J-1050', userId: 'U-5', pin: '5555' }, NOW))).toEqual({
      code: 'self-approval',
      message:
        'Marcus Bell works as the technician who did this job and may not approve their own work; another approver must',
    })
    expect(await refusal(recordApproval(edb(), { jobId: 'J-1050', ...ROBIN }, NOW))).toEqual({
      code: 'self-approval',
      message: "Robin Hale edited this closeout's lines and may not approve it; another approver must",
    })
    expect(await approvals(edb(), 'J-1050')).toEqual([])
    expect(await approvals(edb(), 'J-1052')).toEqual([])
    expect(await status(edb(), 'J-1050')).toBe('needs-approval')
    // Robin edited an earlier closeout of J-1053, not the one waiting: Robin may approve it.
    expect((await recordApproval(edb(), { jobId: 'J-1053', ...ROBIN }, NOW)).result.status).toBe('invoice-ready')
  })

  run('refuses a wrong PIN (counted, then locked), a user who is not an approver, a job not waiting', async () => {
    const wrong = { jobId: 'J-1057', userId: 'U-1', pin: '0000' }
    expect(await refusal(recordApproval(edb(), wrong, NOW))).toEqual({
      code: 'wrong-pin',
      message: 'Wrong PIN for Dana Kim (billing) (4 tries left before a 5-minute lock)',
    })
    const throttle = await edb()
      .db.selectFrom('pin_throttle')
      .select(['failures', 'window_started_at', 'locked_until'])
      .where('key', '=', 'user:U-1@this-pc')
      .executeTakeFirst()
    expect(throttle).toEqual({ failures: 1, window_started_at: at, locked_until: null })
    for (let i = 2; i < 5; i++) expect((await refusal(recordApproval(edb(), wrong, NOW))).code).toBe('wrong-pin')
    expect(await refusal(recordApproval(edb(), wrong, NOW))).toEqual({
      code: 'pin-locked',
      message: 'Wrong PIN for Dana Kim (billing); after 5 wrong PINs Dana Kim (billing) is locked for 5 min',
    })
    expect(await refusal(recordApproval(edb(), { jobId: 'J-1057', ...DANA }, NOW))).toEqual({
      code: 'pin-locked',
      message: 'Too many wrong PINs for Dana Kim (billing); try again in 5 min',
    })
    // Two hours on the lock is forgotten: the right PIN, but billing may not approve.
    const later = new Date(NOW.getTime() + 2 * 3600_000)
    expect(await refusal(recordApproval(edb(), { jobId: 'J-1057', ...DANA }, later))).toEqual({
      code: 'not-an-approver',
      message: 'Dana Kim (billing) may not approve: approvals need the role supervisor',
    })
    expect(await refusal(recordApproval(edb(), { jobId: ROUTINE, ...LEE }, NOW))).toEqual({
      code: 'invalid-transition',
      message: `Job ${ROUTINE} is invoice-ready; only a job that is needs-approval can be approved`,
    })
    expect(await refusal(recordApproval(edb(), { jobId: 'J-0404', ...LEE }, NOW))).toEqual({
      code: 'not-found',
      message: 'There is no job J-0404',
    })
    expect(await refusal(recordApproval(edb(), { jobId: 'J-1057', userId: 'U-99', pin: '1357' }, NOW))).toEqual({
      code: 'unknown-user',
      message: 'There is no active office user U-99',
    })
    expect(await approvals(edb(), 'J-1057')).toEqual([])
    expect(await status(edb(), 'J-1057')).toBe('needs-approval')
  })

  run('two seats approving the same job at the same moment: each level recorded once', async () => {
    const other = secondSeat(engine)
    // One level: both approvers at once; one approves, the other finds it decided.
    const one = await Promise.allSettled([
      recordApproval(edb(), { jobId: 'J-1057', ...LEE }, NOW),
      recordApproval(other, { jobId: 'J-1057', ...ROBIN }, NOW),
    ])
    expect(one.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const lost = one.find((r) => r.status === 'rejected')
    expect(lost?.reason).toMatchObject({
      code: 'invalid-transition',
      message: 'Job J-1057 is invoice-ready; only a job that is needs-approval can be approved',
    })
    expect((await approvals(edb(), 'J-1057')).map((a) => a.level)).toEqual([1])
    expect(await status(edb(), 'J-1057')).toBe('invoice-ready')

    // Two levels, the same approver on two seats: one first approval, the other refused.
    const same = await Promise.allSettled([
      recordApproval(edb(), { jobId: 'J-1052', ...LEE }, NOW),
      recordApproval(other, { jobId: 'J-1052', ...LEE }, NOW),
    ])
    expect(same.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(same.find((r) => r.status === 'rejected')?.reason).toMatchObject({ code: 'same-approver' })
    expect((await approvals(edb(), 'J-1052')).map((a) => [a.user_id, a.level])).toEqual([['U-2', 1]])
    expect(await status(edb(), 'J-1052')).toBe('needs-approval')

    // Two levels, two approvers at once: levels 1 and 2, each once, and the job invoice-ready.
    const both = await Promise.all([
      recordApproval(edb(), { jobId: 'J-1051', ...LEE }, NOW),
      recordApproval(other, { jobId: 'J-1051', ...ROBIN }, NOW),
    ])
    expect(both.map((d) => d.result.level).sort()).toEqual([1, 2])
    expect((await approvals(edb(), 'J-1051')).map((a) => a.level)).toEqual([1, 2])
    expect(await status(edb(), 'J-1051')).toBe('invoice-ready')
    const changes = (await decisionEvents(edb(), 'J-1051')).filter((e) => e.type === 'status-changed')
    expect(changes).toHaveLength(2)
  })

  run('the event log verifies after every decision', async () => {
    expect(await verifyLogOn(edb())).toMatchObject({ ok: true })
  })
})

describe('both engines end the same (issue #17)', () => {
  it.runIf(pgRuns)('the same approvals, events and owed receipts on SQLite and on PostgreSQL', async () => {
    const snapshot = async (edb: EngineDb) => {
      const rows = []
      for (const jobId of [...WAITING, ROUTINE])
        rows.push({
          jobId,
          status: await status(edb, jobId),
          approvals: (await approvals(edb, jobId)).map((a) => [a.decision, a.level, a.comment, a.at]),
          events: (await decisionEvents(edb, jobId)).map((e) => [e.type, e.at]),
          owed: await owed(edb, jobId),
        })
      return rows
    }
    expect(await snapshot(engines.on('postgres'))).toEqual(await snapshot(engines.on('sqlite')))
  })
})
