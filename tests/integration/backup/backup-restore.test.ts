import BetterSqlite3 from 'better-sqlite3'
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBackup } from '../../../src-main/core/backup/create-backup'
import { restoreBackup } from '../../../src-main/core/backup/restore-backup'
import { openOffice, type SqliteOffice } from '../../../src-main/core/office'
import { attachmentsRoot, blobPath, sha256Hex } from '../../../src-main/core/store/attachment-store'
import { runCli } from '../../support/run-cli'
import type { TempFolders } from '../../support/temp-office'
import { demoOffice, officeRecords } from './demo-office'
import { readFileSync } from 'node:fs'

describe('backup and restore of a lived-in office', () => {
  let office: SqliteOffice
  let folders: TempFolders
  let before: Record<string, unknown[]>
  let backupFile: string

  beforeAll(async () => {
    ;({ office, folders } = await demoOffice())
    before = officeRecords(office.sqlite)
    backupFile = join(folders.root, 'elsewhere', 'office.closeout-backup')
  }, 120_000)
  afterAll(async () => {
    await office.close()
    folders.cleanup()
  })

  it('backs up with attachments, survives the data folder being deleted, and restores every record and photo', async () => {
    const result = await createBackup(office, { out: backupFile, attachments: 'inside' })
    expect(result.counts.jobs).toBeGreaterThan(50)
    expect(result.counts.attachments).toBeGreaterThan(5)
    await office.close()
    rmSync(folders.dataDir, { recursive: true, force: true })

    const target = join(folders.root, 'new-pc-data')
    const restored = await restoreBackup(backupFile, target)
    expect(restored.counts).toEqual(result.counts)
    expect(restored.attachmentsVerified).toBe(result.counts.attachments)
    expect(restored.migrated).toEqual([])

    office = await openOffice({ dataDir: target, sharedDir: folders.sharedDir })
    const after = officeRecords(office.sqlite)
    for (const table of Object.keys(before)) expect(after[table], table).toEqual(before[table])
    for (const row of after.attachments as { sha256: string }[])
      expect(sha256Hex(readFileSync(blobPath(attachmentsRoot(target), row.sha256)))).toBe(row.sha256)
  })

  it('verify-log passes on the restored folder, and restore refuses a folder that is not empty', () => {
    const target = join(folders.root, 'new-pc-data')
    const verdict = runCli(['--data', target, '--shared', folders.sharedDir, 'verify-log'])
    expect(verdict.stdout).toMatch(/Event log intact: \d+ rows/)
    expect(verdict.code).toBe(0)

    const busy = join(folders.root, 'busy')
    mkdirSync(busy)
    writeFileSync(join(busy, 'notes.txt'), 'mine')
    const refused = runCli(['--data', busy, 'restore', backupFile])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/is not empty.*notes\.txt/)
    expect(readdirSync(busy)).toEqual(['notes.txt'])
  })

  it('the command line writes a self-contained file and restores it with counts', () => {
    const file = join(folders.root, 'cli.closeout-backup')
    const made = runCli([
      '--data',
      join(folders.root, 'new-pc-data'),
      '--shared',
      folders.sharedDir,
      'backup',
      '--out',
      file,
    ])
    expect(made.stderr).toBe('')
    expect(made.stdout).toMatch(/Backed up to .*jobs, .*closeouts, .*export batches, .*attachments/)
    const target = join(folders.root, 'third-pc')
    // Issue #12: the restored office's own admin says who restores it; any refusal undoes the
    // restore (the folder is gone again) with one line and exit 1.
    const refusals: [string[], RegExp][] = [
      [[], /^closeout: A restore changes the office: say who you are with --as USER --pin PIN\n$/],
      [['--as', 'U-1', '--pin', '0000'], /^closeout: Wrong PIN for Dana Kim \(billing\) \(4 tries left/],
      [
        ['--as', 'U-2', '--pin', '1357'],
        /^closeout: Only an admin may run a restore: Lee Park \(supervisor\) is not an admin\n$/,
      ],
    ]
    for (const [who, message] of refusals) {
      const refused = runCli(['--data', target, 'restore', file, ...who])
      expect(refused.code, who.join(' ')).toBe(1)
      expect(refused.stderr).toMatch(message)
      expect(refused.stderr.trimEnd().split('\n')).toHaveLength(1)
      expect(existsSync(target)).toBe(false)
    }
    const restored = runCli(['--data', target, 'restore', file, '--as', 'U-1', '--pin', '2468'])
    expect(restored.stderr).toBe('')
    expect(restored.code).toBe(0)
    expect(restored.stdout).toMatch(/\d+ jobs, \d+ closeouts, \d+ export batches, \d+ attachments/)
    expect(restored.stdout).toMatch(/event log intact/)
    expect(restored.stdout).toMatch(/recorded in the event log as restored by Dana Kim \(billing\) \(U-1\)/)
    expect(existsSync(join(target, 'closeout.sqlite'))).toBe(true)
    const log = new BetterSqlite3(join(target, 'closeout.sqlite'), { readonly: true })
    try {
      const rows = log
        .prepare(`SELECT job_id, actor, data_json FROM job_events WHERE type = 'office-restored'`)
        .all() as { job_id: string; actor: string; data_json: string }[]
      expect(rows).toEqual([
        { job_id: '#office', actor: 'U-1', data_json: expect.stringContaining('"file":"cli.closeout-backup"') },
      ])
    } finally {
      log.close()
    }
    expect(runCli(['--data', target, '--shared', folders.sharedDir, 'verify-log']).code).toBe(0)
  }, 240_000)
})
