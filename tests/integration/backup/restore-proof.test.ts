import BetterSqlite3 from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { indexArchive, readEntry } from '../../../src-main/core/backup/archive-reader'
import { ArchiveWriter } from '../../../src-main/core/backup/archive-writer'
import { DATABASE_ENTRY, MANIFEST_ENTRY, type BackupManifest } from '../../../src-main/core/backup/backup-manifest'
import { createBackup } from '../../../src-main/core/backup/create-backup'
import { restoreBackup } from '../../../src-main/core/backup/restore-backup'
import { openDatabase } from '../../../src-main/core/db/connection'
import { MIGRATIONS } from '../../../src-main/core/db/migrations/index'
import type { SqliteOffice } from '../../../src-main/core/office'
import { tempFolders } from '../../support/temp-office'
import { useDemoOffice } from './demo-office'

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex')

/**
 * Copies a complete backup entry by entry, letting `edit` change the unpacked database, any
 * entry's bytes or the manifest: a backup damaged or tampered with after it was written.
 */
async function alteredCopy(
  source: string,
  dest: string,
  edit: {
    database?: (file: string) => void
    entry?: (name: string, data: Buffer) => Buffer
    manifest?: (m: BackupManifest) => void
  },
): Promise<string> {
  const index = await indexArchive(source)
  const manifest = JSON.parse((await readEntry(source, index.entries.at(-1)!)).toString('utf8')) as BackupManifest
  const writer = await ArchiveWriter.create(dest)
  for (const entry of index.entries) {
    if (entry.name === MANIFEST_ENTRY) continue
    let data = await readEntry(source, entry)
    if (entry.name === DATABASE_ENTRY && edit.database) {
      const file = `${dest}.sqlite`
      writeFileSync(file, gunzipSync(data))
      edit.database(file)
      const raw = readFileSync(file)
      manifest.database = { entry: DATABASE_ENTRY, size: raw.length, sha256: sha256(raw) }
      data = gzipSync(raw)
    }
    await writer.addBuffer(entry.name, edit.entry ? edit.entry(entry.name, data) : data)
  }
  edit.manifest?.(manifest)
  await writer.addBuffer(MANIFEST_ENTRY, Buffer.from(JSON.stringify(manifest)))
  await writer.commit()
  return dest
}

describe('a restore proves itself before it calls the office restored', () => {
  const demo = useDemoOffice()
  let good = ''
  const backup = async () =>
    (good ||= (
      await createBackup(demo.office, { out: join(demo.folders.root, 'good.closeout-backup'), attachments: 'inside' })
    ).file)

  it('refuses a backup from a newer Closeout before writing anything', async () => {
    const newer = await alteredCopy(await backup(), join(demo.folders.root, 'newer.closeout-backup'), {
      manifest: (m) => {
        m.closeoutVersion = '9.0.0'
        m.migrations.push('2099_01_01_0000_from_the_future')
      },
    })
    const target = join(demo.folders.root, 'from-newer')
    await expect(restoreBackup(newer, target)).rejects.toMatchObject({
      code: 'backup-newer',
      message: expect.stringMatching(/newer Closeout \(9\.0\.0/),
    })
    expect(existsSync(target)).toBe(false)
  })

  it('refuses a photo damaged inside the backup, and leaves the folder as it found it', async () => {
    const damaged = await alteredCopy(await backup(), join(demo.folders.root, 'damaged.closeout-backup'), {
      entry: (name, data) =>
        name.startsWith('attachments/') && data.length > 100
          ? Buffer.concat([data.subarray(0, 100), Buffer.alloc(data.length - 100)])
          : data,
    })
    const target = join(demo.folders.root, 'from-damaged')
    await expect(restoreBackup(damaged, target)).rejects.toMatchObject({
      code: 'backup-damaged',
      message: expect.stringMatching(/does not match its hash/),
    })
    expect(existsSync(target)).toBe(false)
  })

  it('refuses a backup whose manifest leaves out a photo the database still references', async () => {
    let dropped = ''
    const short = await alteredCopy(await backup(), join(demo.folders.root, 'short.closeout-backup'), {
      manifest: (m) => {
        dropped = m.attachments.pop()!.sha256
      },
    })
    await expect(restoreBackup(short, join(demo.folders.root, 'from-short'))).rejects.toMatchObject({
      code: 'restore-attachments',
      message: `The attachment ${dropped} is missing after the restore`,
    })
  })

  it('refuses a database whose event log was edited, naming the row', async () => {
    const edited = await alteredCopy(await backup(), join(demo.folders.root, 'edited.closeout-backup'), {
      database: (file) => {
        const db = new BetterSqlite3(file)
        db.exec('DROP TRIGGER job_events_no_update')
        db.prepare(`UPDATE job_events SET actor = 'someone else' WHERE id = 3`).run()
        db.close()
      },
    })
    const target = join(demo.folders.root, 'from-edited')
    await expect(restoreBackup(edited, target)).rejects.toMatchObject({
      code: 'restore-event-log',
      message: expect.stringMatching(/broken at row 3/),
    })
    expect(existsSync(target)).toBe(false)
  })

  it('refuses a database SQLite finds damaged', async () => {
    const broken = await alteredCopy(await backup(), join(demo.folders.root, 'broken.closeout-backup'), {
      database: (file) => {
        // Bytes of one index page overwritten, as a failing disk would: the file opens, the index lies.
        const db = new BetterSqlite3(file)
        const pageSize = db.pragma('page_size', { simple: true }) as number
        const root = db.prepare(`SELECT rootpage FROM sqlite_master WHERE name = 'jobs_status'`).pluck().get() as number
        db.close()
        const bytes = readFileSync(file)
        bytes.fill(0x5a, (root - 1) * pageSize + pageSize / 2, root * pageSize - 8)
        writeFileSync(file, bytes)
      },
    })
    const target = join(demo.folders.root, 'from-broken')
    await expect(restoreBackup(broken, target)).rejects.toMatchObject({
      code: 'restore-integrity',
      message: expect.stringMatching(/fails SQLite's integrity check/),
    })
    expect(existsSync(target)).toBe(false)
  })

  it('migrates a backup from an older Closeout after restoring it', async () => {
    const folders = tempFolders('closeout-older-')
    try {
      const initialOnly = { '2026_11_25_1200_initial': MIGRATIONS['2026_11_25_1200_initial']! }
      const old = await openDatabase(folders.dataDir, { migrations: initialOnly })
      old.sqlite.prepare(`INSERT INTO taxes (id, name, rate_milli) VALUES ('t', 'State tax', 6250)`).run()
      // The first Closeout's office, as createBackup sees one: its database and its data folder.
      const file = join(folders.root, 'old.closeout-backup')
      await createBackup({ sqlite: old.sqlite, dataDir: folders.dataDir } as SqliteOffice, {
        out: file,
        attachments: 'inside',
      })
      await old.db.destroy()

      const restored = await restoreBackup(file, join(folders.root, 'restored'))
      expect(restored.migrated).toEqual(Object.keys(MIGRATIONS).filter((n) => n !== '2026_11_25_1200_initial'))
      const db = new BetterSqlite3(join(folders.root, 'restored', 'closeout.sqlite'), { readonly: true })
      expect(db.prepare('SELECT name FROM kysely_migration ORDER BY name').pluck().all()).toEqual(
        Object.keys(MIGRATIONS),
      )
      expect(db.prepare('SELECT name, rate_milli FROM taxes').get()).toEqual({ name: 'State tax', rate_milli: 6250 })
      db.close()
    } finally {
      folders.cleanup()
    }
  })
})
