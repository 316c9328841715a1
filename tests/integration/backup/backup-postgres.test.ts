import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openOffice } from '../../../src-main/core/office'
import { runCli } from '../../support/run-cli'
import { tempFolders, type TempFolders } from '../../support/temp-office'

/**
 * Issue #18 on PostgreSQL: an office whose database is a PostgreSQL server still has a SQLite
 * file in its data folder (left from before `db migrate`), and that file is not the office. A
 * backup of it would look complete and hold nothing current, so `backup` refuses in one line
 * with the pg_dump command to run instead, and `restore` explains pg_restore. The check comes
 * before any connection: the address below has no server (port 1), and nothing is written.
 */
const URL_WITH_PASSWORD = 'postgres://closeout:S3cretPw@127.0.0.1:1/closeout'

describe('backup and restore on a PostgreSQL office (issue #18)', () => {
  let f: TempFolders
  beforeAll(async () => {
    f = tempFolders()
    const office = await openOffice({ dataDir: f.dataDir, sharedDir: f.sharedDir })
    await office.close()
  })
  afterAll(() => f.cleanup())

  it('backup refuses in one line with the pg_dump command and the attachments folder, writing nothing', () => {
    const out = join(f.root, 'office.closeout-backup')
    const before = readdirSync(f.dataDir).sort()
    for (const how of [
      ['--database', URL_WITH_PASSWORD],
      [], // the same from the environment
    ]) {
      const r = runCli(['--data', f.dataDir, '--shared', f.sharedDir, ...how, 'backup', '--out', out], {
        CLOSEOUT_DATABASE: how.length ? '' : URL_WITH_PASSWORD,
      })
      expect(r.code).toBe(1)
      expect(r.stdout).toBe('')
      const lines = r.stderr.trimEnd().split('\n')
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(
        /^closeout: closeout backup copies the SQLite file, but this office's database is on PostgreSQL/,
      )
      expect(lines[0]).toMatch(
        /pg_dump --format=custom --file=closeout-\d{4}-\d\d-\d\d\.dump "postgres:\/\/closeout@127\.0\.0\.1:1\/closeout"/,
      )
      expect(lines[0]).toContain(`copy the attachments folder ${join(f.dataDir, 'attachments')} beside it`)
      // The password is never echoed, and nothing tried to connect (no ECONNREFUSED).
      expect(r.stderr).not.toContain('S3cretPw')
      expect(r.stderr).not.toMatch(/ECONNREFUSED|connect/i)
      expect(existsSync(out)).toBe(false)
      expect(readdirSync(f.root).filter((n) => n.includes('closeout-backup'))).toEqual([])
    }
    expect(readdirSync(f.dataDir).sort()).toEqual(before)
  }, 120_000)

  it('restore explains pg_restore and db migrate instead, and creates no folder', () => {
    const target = join(f.root, 'restored')
    const r = runCli([
      '--data',
      target,
      '--database',
      URL_WITH_PASSWORD,
      'restore',
      join(f.root, 'any.closeout-backup'),
    ])
    expect(r.code).toBe(1)
    const lines = r.stderr.trimEnd().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/cannot restore a PostgreSQL database/)
    expect(lines[0]).toContain('pg_restore --dbname="postgres://closeout@127.0.0.1:1/closeout" --no-owner FILE.dump')
    expect(lines[0]).toMatch(/run restore without --database, then closeout --data DIR db migrate --to/)
    expect(r.stderr).not.toContain('S3cretPw')
    expect(existsSync(target)).toBe(false)
  }, 60_000)

  it('serve on a PostgreSQL server it cannot reach says why in one line, before any automatic backup', () => {
    const r = runCli(['--data', f.dataDir, '--shared', f.sharedDir, '--database', URL_WITH_PASSWORD, 'serve'])
    expect(r.code).toBe(1)
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/^closeout: Nothing accepted the connection at 127\.0\.0\.1:1 \(connection refused\)/)
    expect(r.stderr).not.toContain('S3cretPw')
    expect(existsSync(join(f.sharedDir, 'backups'))).toBe(false)
  }, 60_000)
})
