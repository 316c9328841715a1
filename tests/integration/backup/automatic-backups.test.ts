import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  backupFolder,
  lastBackup,
  lastBackupError,
  rotateBackups,
  runAutomaticBackup,
} from '../../../src-main/core/backup/automatic-backup'
import { backupDue, backupStatus } from '../../../src-main/core/backup/backup-scheduler'
import { readBackup, restoreBackup } from '../../../src-main/core/backup/restore-backup'
import { scanInbox } from '../../../src-main/core/inbox/inbox-scan'
import { runExport } from '../../../src-main/core/exports/export-batches'
import { attachmentsRoot } from '../../../src-main/core/store/attachment-store'
import { stagingDir } from '../../../src-main/core/store/temp-sweep'
import { useDemoOffice } from './demo-office'

const DAY = 86_400_000
const backupsIn = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.closeout-backup'))

function countBlobs(dir: string): number {
  let n = 0
  for (const a of readdirSync(join(dir, 'blobs')))
    for (const b of readdirSync(join(dir, 'blobs', a))) n += readdirSync(join(dir, 'blobs', a, b)).length
  return n
}

describe('automatic backups', () => {
  const demo = useDemoOffice()

  it('go next to the inbox by default; the second copies no photo again; an export batch makes one due', async () => {
    expect((await backupStatus(demo.office)).needsAttention).toBe(true)
    expect(await backupDue(demo.office)).toBe(true)
    const dir = await backupFolder(demo.office)
    expect(dir).toBe(join(demo.folders.sharedDir, 'backups'))
    const first = await runAutomaticBackup(demo.office)
    expect(first.blobsCopied).toBe(first.counts.attachments)
    expect(countBlobs(dir)).toBe(first.counts.attachments)
    const status = await backupStatus(demo.office)
    expect(status).toMatchObject({ needsAttention: false, last: { file: first.file, size: first.size } })
    expect(await backupDue(demo.office)).toBe(false)

    const second = await runAutomaticBackup(demo.office, { now: new Date(Date.now() + 1000) })
    expect(second.blobsCopied).toBe(0)
    expect(statSync(second.file).size).toBeLessThan(first.size + 4096)

    await scanInbox(demo.office)
    const exported = await runExport(demo.office, { format: 'qbo-csv', user: 'U-1', skipBlocked: true })
    await exported.receipts
    expect(exported.batch.id).toBeGreaterThan(second.lastBatchId)
    expect(await backupDue(demo.office)).toBe(true)
  })

  it('a backup older than two days is a Needs-attention item', async () => {
    const last = (await lastBackup(demo.office))!
    expect((await backupStatus(demo.office, Date.parse(last.at) + 2 * DAY - 60_000)).needsAttention).toBe(false)
    expect((await backupStatus(demo.office, Date.parse(last.at) + 2 * DAY + 60_000)).needsAttention).toBe(true)
  })

  it('a full disk is reported, keeps the earlier backups restorable, and the demo.office keeps working', async () => {
    const dir = await backupFolder(demo.office)
    const before = backupsIn(dir)
    const full = () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
    }
    await expect(
      runAutomaticBackup(demo.office, {
        now: new Date(Date.now() + 5000),
        fault: (written) => written > 4096 && full(),
      }),
    ).rejects.toMatchObject({ code: 'disk-full' })
    expect((await lastBackupError(demo.office))?.message).toMatch(
      /is full; this backup was not written and earlier backups are untouched/,
    )
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([])
    expect(backupsIn(dir)).toEqual(before)
    const restored = await restoreBackup(join(dir, before.at(-1)!), join(demo.folders.root, 'after-full-disk'))
    expect(restored.counts.jobs).toBeGreaterThan(0)
    expect((await scanInbox(demo.office)).failed).toBe(0)
    await runAutomaticBackup(demo.office, { now: new Date(Date.now() + 6000) })
    expect(await lastBackupError(demo.office)).toBeNull()
  })

  it('takes its database snapshot on this computer, never as a loose SQLite file in the synced backup folder', async () => {
    const dir = await backupFolder(demo.office)
    const inBackupFolder = new Set<string>()
    const onThisComputer = new Set<string>()
    await runAutomaticBackup(demo.office, {
      now: new Date(Date.now() + 7000),
      fault: () => {
        for (const n of readdirSync(dir)) inBackupFolder.add(n)
        for (const n of readdirSync(stagingDir(attachmentsRoot(demo.folders.dataDir)))) onThisComputer.add(n)
      },
    })
    expect([...inBackupFolder].filter((n) => /\.db\.tmp|-wal$|-shm$|-journal$/.test(n))).toEqual([])
    expect([...onThisComputer].some((n) => n.endsWith('.db.tmp'))).toBe(true)
    expect(readdirSync(stagingDir(attachmentsRoot(demo.folders.dataDir))).filter((n) => n.includes('.db.tmp'))).toEqual(
      [],
    )
  })

  it('rotation over simulated days keeps 7 daily, 4 weekly, 12 monthly and only the blobs they need', async () => {
    const dir = join(demo.folders.root, 'rotating')
    const { saveBackupFolder } = await import('../../../src-main/core/backup/automatic-backup')
    await saveBackupFolder(demo.office, dir)
    const start = Date.parse('2026-01-01T03:00:00Z')
    for (let day = 0; day < 400; day += 6) await runAutomaticBackup(demo.office, { now: new Date(start + day * DAY) })
    const kept = backupsIn(dir).sort()
    const days = kept.map((n) => n.slice('closeout-'.length, 'closeout-'.length + 10))
    const newest = new Date(start + 396 * DAY).toISOString().slice(0, 10)
    expect(days.at(-1)).toBe(newest)
    expect(kept.length).toBeGreaterThanOrEqual(12)
    expect(kept.length).toBeLessThanOrEqual(7 + 4 + 12)
    expect(new Set(days.map((d) => d.slice(0, 7))).size).toBeGreaterThanOrEqual(12)
    const last7 = days.slice(-7)
    expect(last7.length).toBe(7)
    expect(countBlobs(dir)).toBe(
      (await lastBackup(demo.office)) && (await readBackup(join(dir, kept.at(-1)!))).manifest.attachments.length,
    )
    const stray = join(dir, 'blobs', 'ff', 'ff', 'f'.repeat(64))
    mkdirSync(dirname(stray), { recursive: true })
    writeFileSync(stray, 'a photo no backup lists any more')
    await rotateBackups(dir)
    expect(existsSync(stray)).toBe(false)
    expect((await rotateBackups(dir)).deleted).toEqual([])
  }, 240_000)
})
