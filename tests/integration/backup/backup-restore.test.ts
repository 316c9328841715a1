import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBackup } from '../../../src-main/core/backup/create-backup'
import { restoreBackup } from '../../../src-main/core/backup/restore-backup'
import { openOffice, type Office } from '../../../src-main/core/office'
import { blobPath, sha256Hex } from '../../../src-main/core/store/attachment-store'
import { runCli } from '../../support/run-cli'
import type { TempFolders } from '../../support/temp-office'
import { demoOffice, officeRecords } from './demo-office'
import { readFileSync } from 'node:fs'

describe('backup and restore of a lived-in office', () => {
  let office: Office
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
      expect(sha256Hex(readFileSync(blobPath(target, row.sha256)))).toBe(row.sha256)
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
    const restored = runCli(['--data', target, 'restore', file])
    expect(restored.stderr).toBe('')
    expect(restored.code).toBe(0)
    expect(restored.stdout).toMatch(/\d+ jobs, \d+ closeouts, \d+ export batches, \d+ attachments/)
    expect(restored.stdout).toMatch(/event log intact/)
    expect(existsSync(join(target, 'closeout.sqlite'))).toBe(true)
  })
})
