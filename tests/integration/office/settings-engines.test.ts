import { EventEmitter } from 'node:events'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MailSettingsSchema } from '../../../src-shared/api/mail'
import { SettingsUpdateSchema } from '../../../src-shared/api/settings'
import { postgresEngineDb, type EngineDb, type EngineName } from '../../../src-main/core/db/engine-db'
import { openPostgres, type PgDatabase } from '../../../src-main/core/db/pg/pool'
import { backupStatus } from '../../../src-main/core/backup/backup-scheduler'
import { parseDatabaseOption } from '../../../src-main/core/db/pg/engine'
import { CloseoutError } from '../../../src-main/core/errors'
import { lanInfo } from '../../../src-main/core/network/lan-info'
import { seatInfo } from '../../../src-main/core/network/second-seat'
import { openOffice, type Office, type OfficeEmitter } from '../../../src-main/core/office'
import { mailSettingsView, updateMailSettings } from '../../../src-main/core/mail/mail-settings'
import { packetRecipients } from '../../../src-main/core/mail/recipients'
import { loadExportSettingsView, updateExportSettings } from '../../../src-main/core/settings/export-settings'
import { OFFICE_LOG_ID } from '../../../src-main/core/settings/settings-audit'
import { saveOwnSection, updateSettings } from '../../../src-main/core/settings/settings-update'
import { loadOwnSections, loadSettings, type SettingsOffice } from '../../../src-main/core/settings/settings-view'
import { readSavedSharedDir } from '../../../src-main/core/settings/settings-store'
import { resolveSharedDir } from '../../../src-main/core/office-folders'
import { ENGINES, engineRuns, openEngineOffices, pgRuns, verifyLogOn, type EngineOffices } from '../../support/engines'

/**
 * Issue #17: the Settings screen's own sections (sign-in, the second seat, the accounting names,
 * the folders), the Exports screen's settings, Settings > Mail and a packet's recipients on the
 * async path. The same office on the SQLite file and on PostgreSQL shows the same sections,
 * saves the same way (the same view afterwards, the same audit entries in the log, which
 * verifies) and refuses the same input with the same code, message and field path. On
 * PostgreSQL seats saving at the same moment each log their save once.
 */
let engines: EngineOffices
const extraPools: Kysely<PgDatabase>[] = []
const answers: Partial<Record<EngineName, Record<string, unknown>>> = {}

beforeAll(async () => {
  engines = await openEngineOffices()
}, 180_000)
afterAll(async () => {
  for (const pool of extraPools) await pool.destroy()
  await engines?.close()
})

/** The office on `engine` with this PC's folders, as the Settings screen reads it. */
function settingsOffice(edb: EngineDb): SettingsOffice {
  const { dataDir, sharedDir } = engines.demo.office
  return { ...edb, dataDir, sharedDir }
}

/** updateSettings as settings.update calls it: the input checked at the boundary, the screens told after. */
async function saveSection(edb: EngineDb, input: unknown) {
  const update = SettingsUpdateSchema.parse(input)
  if (!('section' in update)) throw new Error('not a section update')
  const office = { ...settingsOffice(edb), events: new EventEmitter() as OfficeEmitter }
  return updateSettings(office, update, locations(edb.engine), 'U-3')
}

const locations = (engine: EngineName) => join(engines.demo.root, `locations-${engine}.json`)

/** The office log's settings entries after `afterId`: who, what, before and after. */
async function auditAfter(edb: EngineDb, afterId: number) {
  const rows = await edb.db
    .selectFrom('job_events')
    .select(['id', 'type', 'actor', 'data_json'])
    .where('job_id', '=', OFFICE_LOG_ID)
    .where('id', '>', afterId)
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ type: r.type, actor: r.actor, data: JSON.parse(r.data_json) as unknown }))
}

async function lastEventId(edb: EngineDb): Promise<number> {
  const row = await edb.db
    .selectFrom('job_events')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst()
  return Number(row?.id ?? 0)
}

/** A refusal as the screen shows it: code, message and field paths. */
async function refusal(work: () => Promise<unknown>) {
  try {
    await work()
  } catch (error) {
    if (!(error instanceof CloseoutError)) throw error
    return { code: error.code, message: error.message, details: error.details }
  }
  throw new Error('expected a refusal')
}

const MAIL = MailSettingsSchema.parse({ mode: 'draft', from: 'billing@northsidehvac.example', replyTo: '' })

describe.each(ENGINES)('Settings on %s (issue #17)', (engine) => {
  const runs = engineRuns(engine)
  const answer = (key: string, value: unknown) => ((answers[engine] ??= {})[key] = value)

  it.runIf(runs)('shows its own sections and the export settings of the office', async () => {
    const edb = engines.on(engine)
    const own = await loadOwnSections(settingsOffice(edb), locations(engine))
    expect(own.signIn).toEqual({ idleLockMinutes: 15 })
    expect(own.accountingMappings.length).toBeGreaterThan(3)
    answer('own', own)
    answer('exports', await loadExportSettingsView(edb))
    answer('mail', await mailSettingsView({ ...edb, mailPassword: undefined }))
  })

  it.runIf(runs)('saves accounting names, sign-in and the second seat with their audit entries', async () => {
    const edb = engines.on(engine)
    const office = settingsOffice(edb)
    const from = await lastEventId(edb)
    const [first] = (await loadOwnSections(office, locations(engine))).accountingMappings
    await saveOwnSection(
      office,
      {
        section: 'accountingMappings',
        mappings: [{ kind: first!.kind, ref: first!.ref, qbo: 'Parts:Filters', xero: '' }],
      },
      'U-3',
      locations(engine),
    )
    await saveOwnSection(office, { section: 'signIn', idleLockMinutes: 30 }, 'U-3', locations(engine))
    await saveOwnSection(office, { section: 'secondSeat', enabled: true, port: 4791 }, 'U-3', locations(engine))
    // The same sign-in again changes nothing and logs nothing.
    await saveOwnSection(office, { section: 'signIn', idleLockMinutes: 30 }, 'U-3', locations(engine))
    const after = await loadOwnSections(office, locations(engine))
    expect(after.accountingMappings[0]).toMatchObject({ qbo: 'Parts:Filters', xero: '' })
    expect(after.signIn).toEqual({ idleLockMinutes: 30 })
    expect(after.secondSeat).toEqual({ enabled: true, port: 4791 })
    const audit = await auditAfter(edb, from)
    expect(audit.map((a) => (a.data as { section: string }).section)).toEqual([
      'accountingMappings',
      'signIn',
      'secondSeat',
    ])
    answer('saved', { after, audit })
    expect(await verifyLogOn(edb)).toMatchObject({ ok: true })
  })

  it.runIf(runs)('saves the export settings and names in one transaction, and refuses bad ones whole', async () => {
    const edb = engines.on(engine)
    const view = await updateExportSettings(edb, {
      settings: { qbo: { form: 'non-us', dateFormat: 'DD/MM/YYYY' }, xero: { salesAccountCode: '4000' } },
      items: [{ kind: 'adjustment', ref: '*', qbo: 'Other', xero: 'OTHER', iif: '' }],
    })
    expect(view.settings.qbo.form).toBe('non-us')
    const bad = await refusal(() =>
      updateExportSettings(edb, {
        settings: { qbo: { form: 'canada' } },
        items: [{ kind: 'adjustment', ref: 'discount', qbo: '', xero: 'NOT-SAVED', iif: '' }],
      }),
    )
    expect(bad.code).toBe('invalid-input')
    expect(bad.details?.map((d) => d.path)).toEqual(['qbo.form'])
    const unchanged = await loadExportSettingsView(edb)
    expect(unchanged).toEqual(view)
    answer('exportsSaved', { view, bad })
  })

  it.runIf(runs)('saves Settings > Mail with its audit entry', async () => {
    const edb = engines.on(engine)
    const from = await lastEventId(edb)
    await updateMailSettings(edb, MAIL, {
      userId: 'U-3',
      passwordBefore: 'none',
      passwordAfter: 'none',
      passwordChanged: false,
    })
    const view = await mailSettingsView({ ...edb, mailPassword: undefined })
    expect(view.settings.from).toBe('billing@northsidehvac.example')
    answer('mailSaved', { view, audit: await auditAfter(edb, from) })
  })

  it.runIf(runs)('shows the whole Settings view, and saves the setup sections with their audit entries', async () => {
    const edb = engines.on(engine)
    const from = await lastEventId(edb)
    const view = await loadSettings(settingsOffice(edb), locations(engine))
    answer('view', { ...view, folders: null })
    const company = await saveSection(edb, {
      section: 'company',
      company: { ...view.company, accountingSystem: 'xero', invoiceDate: 'completed' },
    })
    expect(company.settings.company).toMatchObject({ accountingSystem: 'xero', invoiceDate: 'completed' })
    const policy = await saveSection(edb, {
      section: 'approvalPolicy',
      approvalPolicy: { ...view.approvalPolicy, creditsNeedApproval: false, belowEstimatePercent: '30' },
    })
    expect(policy.settings.approvalPolicy).toMatchObject({ creditsNeedApproval: false, belowEstimatePercent: '30' })
    const acme = view.customers.find((c) => c.id === 'C-100')!
    const customers = await saveSection(edb, {
      section: 'customers',
      customers: [{ ...acme, sendPacketsTo: ['ap@acme.example', 'owner@acme.example'] }],
    })
    expect(await packetRecipients(edb, 'C-100')).toEqual(['ap@acme.example', 'owner@acme.example'])
    const user = view.users.find((u) => u.roles.includes('billing'))!
    await saveSection(edb, {
      section: 'users',
      users: [{ id: user.id, name: user.name, roles: user.roles, active: user.active, pin: '97531' }],
    })
    const audit = await auditAfter(edb, from)
    expect(audit.map((a) => (a.data as { section: string }).section)).toEqual([
      'company',
      'approvalPolicy',
      'customers',
      'users',
    ])
    expect((audit[3]!.data as { pinsChanged: string[] }).pinsChanged).toEqual([user.id])
    answer('setupSaved', { view: { ...customers.settings, folders: null }, audit })
    expect(await verifyLogOn(edb)).toMatchObject({ ok: true })
  })

  it.runIf(runs)('refuses the same saves the same way: code, message and field path', async () => {
    const edb = engines.on(engine)
    const office = settingsOffice(edb)
    const from = await lastEventId(edb)
    const refused = {
      formPort: await refusal(() =>
        saveOwnSection(office, { section: 'secondSeat', enabled: true, port: 8787 }, 'U-3', locations(engine)),
      ),
      dataInShared: await refusal(() =>
        saveOwnSection(office, { section: 'folders', dataDir: join(office.sharedDir, 'db') }, 'U-3', locations(engine)),
      ),
      noRecipient: await refusal(() => packetRecipients(edb, null)),
      badAddress: await refusal(() => packetRecipients(edb, 'C-100', ['ap@acme.example', 'not an address'])),
      unknownTax: await refusal(() =>
        saveSection(edb, {
          section: 'customers',
          customers: [{ id: 'C-100', name: 'Acme Dental', address: { line1: '1 Main St' }, taxId: 'TX-NONE' }],
        }),
      ),
      unknownTechnician: await refusal(() =>
        saveSection(edb, {
          section: 'users',
          users: [{ id: 'U-90', name: 'Dana Field', roles: ['billing'], technicianId: 'T-NONE' }],
        }),
      ),
    }
    expect(refused.formPort).toMatchObject({ code: 'invalid-input', details: [{ path: 'port' }] })
    expect(refused.dataInShared).toMatchObject({ code: 'invalid-folder', details: [{ path: 'dataDir' }] })
    expect(refused.badAddress).toMatchObject({ code: 'bad-address', details: [{ path: 'to[1]' }] })
    expect(refused.unknownTax).toMatchObject({ code: 'invalid-input', details: [{ path: 'customers[0].taxId' }] })
    expect(refused.unknownTechnician).toMatchObject({
      code: 'invalid-input',
      details: [{ path: 'users[0].technicianId' }],
    })
    expect(await auditAfter(edb, from)).toEqual([])
    answer('refused', refused)
    answer('recipients', await packetRecipients(edb, 'C-100'))
  })
})

describe('both engines (issue #17)', () => {
  it.runIf(pgRuns)('show, save and refuse alike, field for field', () => {
    expect(answers.postgres).toEqual(answers.sqlite)
    expect(Object.keys(answers.sqlite ?? {})).toHaveLength(10)
  })

  it('keep the shared folder a PC names in the office file on SQLite', async () => {
    const office = settingsOffice(engines.on('sqlite'))
    const shared = join(engines.demo.root, 'another-shared')
    const notice = await saveOwnSection(office, { section: 'folders', sharedDir: shared }, 'U-3', locations('sqlite'))
    expect(notice).toBe(`Closeout watches ${shared} after a restart.`)
    expect((await loadOwnSections(office, locations('sqlite'))).folders.pendingSharedDir).toBe(shared)
  })

  it.runIf(pgRuns)(
    "keep the shared folder a PC names in that PC's seat file on PostgreSQL, never in every seat's database",
    async () => {
      const office = settingsOffice(engines.on('postgres'))
      const shared = join(engines.demo.root, 'pg-seat-shared')
      const notice = await saveOwnSection(
        office,
        { section: 'folders', sharedDir: shared },
        'U-3',
        locations('postgres'),
      )
      expect(notice).toBe(`Closeout watches ${shared} after a restart.`)
      expect((await loadOwnSections(office, locations('postgres'))).folders.pendingSharedDir).toBe(shared)
      // The next start of this PC watches it; the database every seat reads does not hold it.
      const env = {}
      expect(resolveSharedDir(office.dataDir, { engine: 'postgres' }, env)).toBe(shared)
      expect(await readSavedSharedDir(office)).not.toBe(shared)
      // Another PC (its own data folder) keeps its own choice.
      const other = { ...office, dataDir: join(engines.demo.root, 'second-pc-data') }
      expect((await loadOwnSections(other, locations('postgres'))).folders.pendingSharedDir).toBeNull()
      expect(resolveSharedDir(other.dataDir, { engine: 'postgres' }, env)).not.toBe(shared)
      // The same data folder opened on its SQLite file goes by the file's own saved folder.
      expect(resolveSharedDir(office.dataDir, { engine: 'sqlite' }, env)).not.toBe(shared)
    },
  )

  it.runIf(pgRuns)(
    'an office opened on PostgreSQL reads Settings, Exports, Mail and the LAN as SQLite does, and backups say pg_dump',
    async () => {
      const sqliteOffice = engines.demo.office
      const reads = async (office: Office) => ({
        own: await loadOwnSections(office, locations('sqlite')),
        exports: await loadExportSettingsView(office),
        mail: await mailSettingsView(office),
        seat: await seatInfo(office),
        lan: await lanInfo(office),
        backups: await backupStatus(office, 0),
      })
      const pgOffice = await openOffice({
        dataDir: join(engines.demo.root, 'seat-on-postgres'),
        sharedDir: sqliteOffice.sharedDir,
        database: parseDatabaseOption(engines.postgresUrl!),
      })
      try {
        expect(pgOffice.engine).toBe('postgres')
        const onPg = await reads(pgOffice)
        const onSqlite = await reads(sqliteOffice)
        // The seat's own data folder is another folder; the rest is the office's and must agree,
        // but backups: the server holds the office, so pg_dump backs it up, not Closeout's copy.
        expect({ ...onPg, own: { ...onPg.own, folders: null }, backups: null }).toEqual({
          ...onSqlite,
          own: { ...onSqlite.own, folders: null },
          backups: null,
        })
        expect(onSqlite.backups.postgres).toBeNull()
        expect(onPg.backups).toMatchObject({ last: null, needsAttention: false })
        expect(onPg.backups.postgres).toMatch(/^The office's database is on PostgreSQL .* pg_dump --format=custom/)
      } finally {
        await pgOffice.close()
      }
    },
  )

  it.runIf(pgRuns)('log each of two seats saving accounting names at the same moment, once', async () => {
    const pool = openPostgres(engines.postgresUrl!, { max: 2 })
    extraPools.push(pool)
    const seatA = settingsOffice(engines.on('postgres'))
    const seatB = settingsOffice(postgresEngineDb(pool))
    const from = await lastEventId(seatA)
    const [one, two] = (await loadOwnSections(seatA, locations('postgres'))).accountingMappings
    await Promise.all([
      saveOwnSection(
        seatA,
        {
          section: 'accountingMappings',
          mappings: [{ kind: one!.kind, ref: one!.ref, qbo: one!.qbo, xero: one!.xero, iif: 'Seat A' }],
        },
        'U-3',
        locations('postgres'),
      ),
      saveOwnSection(
        seatB,
        {
          section: 'accountingMappings',
          mappings: [{ kind: two!.kind, ref: two!.ref, qbo: two!.qbo, xero: two!.xero, iif: 'Seat B' }],
        },
        'U-1',
        locations('postgres'),
      ),
    ])
    const audit = await auditAfter(seatA, from)
    expect(audit.map((a) => a.actor).sort()).toEqual(['U-1', 'U-3'])
    const after = (await loadOwnSections(seatB, locations('postgres'))).accountingMappings
    expect(after.slice(0, 2).map((m) => m.iif)).toEqual(['Seat A', 'Seat B'])
    expect(await verifyLogOn(seatA)).toMatchObject({ ok: true })
  })
})
