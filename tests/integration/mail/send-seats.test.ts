import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseDatabaseOption } from '../../../src-main/core/db/pg/engine'
import { copyOfficeToPostgres } from '../../../src-main/core/db/pg/copy-office'
import { runExport } from '../../../src-main/core/exports/export-batches'
import { readJobEventsAsync } from '../../../src-main/core/lifecycle/event-log'
import { sendPacket } from '../../../src-main/core/mail/send-packet'
import { openOffice, type Office } from '../../../src-main/core/office'
import { EXPORT_NOW, exportScenario } from '../../support/export-scenario'
import { inCi, postgresAvailable, startPostgres, type PgCluster } from '../../support/postgres'
import { saveSmtpSettings, smtpCatcher, type SmtpCatcher } from '../../support/smtp-catcher'

/**
 * Issue #17, several seats: a clerk on one PC and a supervisor on another press Send on the same
 * invoiced job at the same moment. The customer gets the packet once: one seat sends it, the
 * other is told it is being sent right now (or, once sent, that it was), and the job's log has
 * one send.
 */
const runs = postgresAvailable() || inCi

let cluster: PgCluster | undefined
let catcher: SmtpCatcher | undefined
const seats: Office[] = []
let dispose: (() => Promise<void>) | undefined

beforeAll(async () => {
  if (!runs) return
  catcher = await smtpCatcher()
  const s = await exportScenario()
  dispose = s.dispose
  await runExport(s.office, { format: 'qbo-csv', outDir: join(s.office.dataDir, 'out'), user: 'U-1' }, EXPORT_NOW)
  await saveSmtpSettings(s.office, catcher.port, { secure: false, from: 'billing@northsidehvac.example' })
  const { dataDir, attachmentsDir } = s.office
  await s.office.close()
  cluster = await startPostgres()
  const database = parseDatabaseOption(cluster.url(await cluster.createDatabase('send_seats')))
  if (database.engine !== 'postgres') throw new Error('not a PostgreSQL string')
  const report = await copyOfficeToPostgres(dataDir, database)
  if (!report.ok) throw new Error(`copy failed: ${JSON.stringify(report.tables)}`)
  for (const name of ['clerk-pc', 'supervisor-pc'])
    seats.push(
      await openOffice({
        dataDir: join(dataDir, '..', name),
        sharedDir: join(dataDir, '..', `${name}-shared`),
        attachmentsDir,
        database,
      }),
    )
}, 180_000)
afterAll(async () => {
  for (const seat of seats) await seat.close()
  cluster?.stop()
  await catcher?.close()
  await dispose?.()
})

describe('two seats sending one packet at the same moment (PostgreSQL)', () => {
  it('fails in CI when PostgreSQL is missing', () => {
    if (inCi) expect(postgresAvailable(), 'CI must install postgresql (.ci/run)').toBe(true)
  })

  it.runIf(runs)('the customer gets it once; the other seat is told why it did not send', async () => {
    const results = await Promise.allSettled(seats.map((seat) => sendPacket(seat, 'J-1042', { actor: 'U-1' })))
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    const refused = results.find((r) => r.status === 'rejected')
    expect(['send-in-progress', 'already-sent']).toContain((refused as PromiseRejectedResult).reason.code)
    expect(catcher!.messages).toHaveLength(1)
    const sends = (await readJobEventsAsync(seats[0]!.db, 'J-1042')).filter((e) => e.type === 'invoice-sent')
    expect(sends).toHaveLength(1)
  })

  it.runIf(runs)('once sent, either seat sends it again only when asked to', async () => {
    await expect(sendPacket(seats[1]!, 'J-1042', { actor: 'U-1' })).rejects.toMatchObject({ code: 'already-sent' })
    await sendPacket(seats[1]!, 'J-1042', { actor: 'U-1', again: true })
    expect(catcher!.messages).toHaveLength(2)
  })
})
