import { spawn } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readBackup, restoreBackup } from '../../../src-main/core/backup/restore-backup'
import { runAutomaticBackup, saveBackupFolder } from '../../../src-main/core/backup/automatic-backup'
import { ROOT, type TempFolders } from '../../support/temp-office'
import { useDemoOffice } from './demo-office'

const KILLS = 10

function backupUntilKilled(folders: TempFolders, outDir: string, afterMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
        join(__dirname, 'backup-loop.ts'),
        folders.dataDir,
        folders.sharedDir,
        outDir,
      ],
      // Its own process group: tsx runs the script in a child, and the kill must reach that one.
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'], detached: true },
    )
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), afterMs)
    })
    child.on('error', reject)
    child.on('exit', () => resolve())
  })
}

describe('a backup killed at random moments', () => {
  const demo = useDemoOffice()

  it(`never leaves a file restore accepts as complete unless it is complete (${KILLS} SIGKILLs)`, async () => {
    const outDir = join(demo.folders.root, 'backups')
    for (let i = 0; i < KILLS; i++) await backupUntilKilled(demo.folders, outDir, Math.floor(Math.random() * 1500))
    const names = readdirSync(outDir).filter((n) => n !== 'blobs')
    const complete = names.filter((n) => n.endsWith('.closeout-backup') && !n.startsWith('.'))
    const leftovers = names.filter((n) => n.startsWith('.'))
    expect(complete.length + leftovers.length).toBeGreaterThan(0)
    for (const name of leftovers)
      await expect(readBackup(join(outDir, name)), name).rejects.toMatchObject({ code: 'backup-incomplete' })
    for (const name of complete) expect((await readBackup(join(outDir, name))).manifest.counts.jobs).toBeGreaterThan(0)
    if (complete.length > 0) {
      const restored = await restoreBackup(join(outDir, complete.at(-1)!), join(demo.folders.root, 'restored'))
      expect(restored.attachmentsVerified).toBe(restored.counts.attachments)
    }

    // The half-written files the kills left are not kept forever in the synced folder: the next good
    // automatic backup, once they are stale, removes them (the backup tars' and the blob store's).
    const tempsIn = (dir: string): string[] =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((n) => n.endsWith('.tmp'))
    expect(tempsIn(outDir).length).toBeGreaterThan(0)
    await saveBackupFolder(demo.office, outDir)
    await runAutomaticBackup(demo.office, { now: new Date(Date.now() + 10 * 60_000) })
    expect(tempsIn(outDir)).toEqual([])
  }, 300_000)
})
