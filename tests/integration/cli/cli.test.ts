import BetterSqlite3 from 'better-sqlite3'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../../support/run-cli'
import { ROOT, tempFolders, type TempFolders } from '../../support/temp-office'

const DEMO = join(ROOT, 'resources', 'demo', 'setup.json')
let f: TempFolders
let dirs: string[]

beforeEach(() => {
  f = tempFolders('closeout-cli-')
  dirs = ['--data', f.dataDir, '--shared', f.sharedDir]
})
afterEach(() => f.cleanup())

describe('closeout command line', () => {
  it('imports the demo setup, lists its jobs as JSON and exits 0', () => {
    const imported = runCli([...dirs, 'setup', 'import', DEMO])
    expect(imported.code).toBe(0)
    expect(imported.stdout).toContain('jobs            20 new, 0 changed, 0 unchanged')

    const listed = runCli([...dirs, 'jobs', '--json', '--status', 'scheduled'])
    expect(listed.code).toBe(0)
    const jobs = JSON.parse(listed.stdout) as {
      id: string
      status: string
      customer: string
      technician: string
      total: string | null
      submissionIds: string[]
      findings: unknown[]
    }[]
    expect(jobs).toHaveLength(20)
    expect(jobs.find((j) => j.id === 'J-1042')).toMatchObject({
      status: 'scheduled',
      customer: 'Acme Dental',
      technician: 'Sam Ortiz',
      total: null,
      submissionIds: [],
      findings: [],
    })
  })

  it('a setup import into an office with users needs an admin with their PIN', () => {
    expect(runCli([...dirs, 'setup', 'import', DEMO]).code).toBe(0)
    const anonymous = runCli([...dirs, 'setup', 'import', DEMO])
    expect(anonymous.code).toBe(1)
    expect(anonymous.stderr).toContain('--as USER --pin PIN')
    // The demo has no admin: its billing user acts as one; the supervisor is refused.
    const supervisor = runCli([...dirs, 'setup', 'import', DEMO, '--as', 'U-2', '--pin', '1357'])
    expect(supervisor.code).toBe(1)
    expect(supervisor.stderr).toContain('Only an admin')
    expect(runCli([...dirs, 'setup', 'import', DEMO, '--as', 'U-1', '--pin', '2468']).code).toBe(0)
    // Four CLI processes in a row: on a loaded machine each start takes seconds.
  }, 180_000)

  it('db migrate needs an admin with their PIN, checked before anything connects', () => {
    expect(runCli([...dirs, 'setup', 'import', DEMO]).code).toBe(0)
    // Port 1 has no server: a refusal that tried to connect would say ECONNREFUSED instead.
    const to = ['db', 'migrate', '--to', 'postgres://closeout:S3cretPw@127.0.0.1:1/closeout']
    for (const [who, message] of [
      [[], /^closeout: A move to PostgreSQL changes the office: say who you are with --as USER --pin PIN\n$/],
      [['--as', 'U-1', '--pin', '0000'], /^closeout: Wrong PIN for Dana Kim \(billing\) \(4 tries left/],
      [
        ['--as', 'U-2', '--pin', '1357'],
        /^closeout: Only an admin may run a move to PostgreSQL: Lee Park \(supervisor\) is not an admin\n$/,
      ],
    ] as [string[], RegExp][]) {
      const r = runCli([...dirs, ...to, ...who])
      expect(r.code, who.join(' ')).toBe(1)
      expect(r.stderr).toMatch(message)
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    }
  }, 180_000)

  it('reads the data folder from CLOSEOUT_DATA and CLOSEOUT_SHARED', () => {
    expect(runCli(['setup', 'import', DEMO], { CLOSEOUT_DATA: f.dataDir, CLOSEOUT_SHARED: f.sharedDir }).code).toBe(0)
    expect(existsSync(join(f.dataDir, 'closeout.sqlite'))).toBe(true)
  })

  it('exits 1 with one line naming the path and record for a bad setup file, and changes nothing', () => {
    const bad = join(f.root, 'bad.json')
    const doc = JSON.parse(readFileSync(DEMO, 'utf8')) as { technicians: { pin: string }[] }
    doc.technicians[1]!.pin = 'abcd'
    writeFileSync(bad, JSON.stringify(doc))

    const result = runCli([...dirs, 'setup', 'import', bad])

    expect(result.code).toBe(1)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toContain('technicians[1].pin: technicians "T-08": a PIN is 4 to 8 digits')
    expect(JSON.parse(runCli([...dirs, 'jobs', '--json']).stdout)).toEqual([])
  })

  it('exits 1 for a missing file and for a file that is not JSON', () => {
    const missing = runCli([...dirs, 'setup', 'import', join(f.root, 'nope.json')])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/^closeout: Cannot read setup file .*nope\.json: ENOENT\n$/)

    const notJson = join(f.root, 'x.json')
    writeFileSync(notJson, '{ "schema": ')
    const parsed = runCli([...dirs, 'setup', 'import', notJson])
    expect(parsed.code).toBe(1)
    expect(parsed.stderr).toContain('is not valid JSON')
  })

  it('exits 2 on usage errors: unknown command, unknown status, missing option', () => {
    expect(runCli([...dirs, 'frobnicate']).code).toBe(2)
    const badStatus = runCli([...dirs, 'jobs', '--status', 'done'])
    expect(badStatus.code).toBe(2)
    expect(badStatus.stderr).toContain('Allowed choices are scheduled, submitted')
    const noOut = runCli([...dirs, 'backup'])
    expect(noOut.code).toBe(2)
    expect(noOut.stderr).toContain("required option '--out <file>'")
  })

  it('documents every command of the contract in its help', () => {
    const help = runCli(['--help'])
    expect(help.code).toBe(0)
    for (const command of [
      'serve',
      'ingest',
      'jobs',
      'approve',
      'send-back',
      'export',
      'packet',
      'setup',
      'verify-log',
      'metrics',
      'backup',
    ]) {
      expect(help.stdout).toMatch(new RegExp(`\\n  ${command}\\b`))
    }
  })

  it('backs up online to a new file and refuses to overwrite one', () => {
    runCli([...dirs, 'setup', 'import', DEMO])
    const out = join(f.root, 'backups', 'office.closeout-backup')

    expect(runCli([...dirs, 'backup', '--out', out]).code).toBe(0)
    const restored = join(f.root, 'restored')
    expect(runCli(['--data', restored, 'restore', out, '--as', 'U-1', '--pin', '2468']).code).toBe(0)
    const copy = new BetterSqlite3(join(restored, 'closeout.sqlite'), { readonly: true })
    expect(copy.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: 20 })
    copy.close()
    const again = runCli([...dirs, 'backup', '--out', out])
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('already exists')
  })

  it('verify-log passes on an intact log and names the first edited row', () => {
    runCli([...dirs, 'setup', 'import', DEMO])
    expect(runCli([...dirs, 'verify-log']).stdout).toBe('Event log intact: 20 rows\n')
    const db = new BetterSqlite3(join(f.dataDir, 'closeout.sqlite'))
    db.exec('DROP TRIGGER job_events_no_update')
    db.prepare(`UPDATE job_events SET actor = 'mallory' WHERE id = 7`).run()
    db.close()

    const result = runCli([...dirs, 'verify-log'])

    expect(result.code).toBe(1)
    expect(result.stderr).toBe('closeout: event log broken at row 7: row 7 was edited after it was written\n')
  })
})
