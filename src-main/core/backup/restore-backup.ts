import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { mkdir, open, readFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { MIGRATIONS } from '../db/migrations/index'
import { CloseoutError } from '../errors'
import { attachmentsRoot, blobPath } from '../store/attachment-store'
import { extractGunzipped, indexArchive, readEntry, type ArchiveEntry } from './archive-reader'
import {
  attachmentEntryName,
  DATABASE_ENTRY,
  manifestEntryOf,
  parseManifest,
  type BackupManifest,
} from './backup-manifest'
import { backupBlobPath, eachInPool } from './blob-folder'
import { proveDataFolder, type DataFolderProof } from './prove-data-folder'

export interface ReadBackup {
  manifest: BackupManifest
  entries: Map<string, ArchiveEntry>
}

/** The manifest of a complete backup file; refuses a file a crash or a full disk cut short. */
export async function readBackup(file: string): Promise<ReadBackup> {
  if (!existsSync(file) || !statSync(file).isFile()) throw new CloseoutError('not-found', `No backup file at ${file}`)
  // A backup's temp name: the writer died before the rename that says it finished (fsync included).
  if (/^\..*\.tmp$/.test(basename(file)))
    throw new CloseoutError('backup-incomplete', `${file} is an unfinished backup (a temp file a stopped backup left)`)
  const index = await indexArchive(file)
  const manifest = parseManifest(await readEntry(file, manifestEntryOf(index, file)), file)
  return { manifest, entries: new Map(index.entries.map((e) => [e.name, e])) }
}

export interface RestoreResult extends DataFolderProof {
  dataDir: string
  backupCreatedAt: string
}

/**
 * Restores a backup into an empty data folder and proves the result (prove-data-folder.ts)
 * before calling it restored. A backup from a newer Closeout is refused before anything is
 * written; an older one is migrated after the restore. If anything fails, the files this
 * restore wrote are removed again, leaving the folder as empty as it was.
 */
export async function restoreBackup(
  fileGiven: string,
  dataDirGiven: string,
  options: {
    nativeBinding?: string
    /**
     * Runs on the proven folder before the restore counts as done (the command line checks who
     * restores against the restored office's own users and records it there); if it throws,
     * the restore is undone like any other failure.
     */
    confirm?: (dataDir: string, backupCreatedAt: string) => Promise<void>
  } = {},
): Promise<RestoreResult> {
  const file = resolve(fileGiven)
  const dataDir = resolve(dataDirGiven)
  refuseNonEmpty(dataDir)
  const { manifest, entries } = await readBackup(file)
  const known = Object.keys(MIGRATIONS)
  const newer = manifest.migrations.filter((name) => !known.includes(name))
  if (newer.length > 0)
    throw new CloseoutError(
      'backup-newer',
      `${file} was made by a newer Closeout (${manifest.closeoutVersion}, database migration ${newer[0]}); install that version or newer to restore it`,
    )
  const createdFolder = !existsSync(dataDir)
  mkdirSync(dataDir, { recursive: true })
  try {
    await restoreDatabase(file, entries, manifest, dataDir)
    await restoreBlobs(file, entries, manifest, dataDir)
    const proof = await proveDataFolder(dataDir, manifest.migrations, options.nativeBinding)
    if (options.confirm) await options.confirm(dataDir, manifest.createdAt)
    return { ...proof, dataDir, backupCreatedAt: manifest.createdAt }
  } catch (error) {
    emptyFolder(dataDir, createdFolder)
    throw error
  }
}

function refuseNonEmpty(dataDir: string): void {
  if (!existsSync(dataDir)) return
  if (!statSync(dataDir).isDirectory()) throw new CloseoutError('not-a-folder', `${dataDir} is a file, not a folder`)
  const present = readdirSync(dataDir)
  if (present.length > 0) {
    const why = `is not empty (${present.slice(0, 3).join(', ')}${present.length > 3 ? ', …' : ''}); restore only into an empty or new folder, so no office is overwritten`
    throw new CloseoutError('folder-not-empty', `${dataDir} ${why}`, [{ path: 'dataDir', message: why }])
  }
}

async function restoreDatabase(
  file: string,
  entries: Map<string, ArchiveEntry>,
  manifest: BackupManifest,
  dataDir: string,
): Promise<void> {
  const entry = entries.get(DATABASE_ENTRY)
  if (!entry) throw new CloseoutError('backup-damaged', `${file} has no ${DATABASE_ENTRY}`)
  const target = join(dataDir, 'closeout.sqlite')
  let got: { size: number; sha256: string }
  try {
    got = await extractGunzipped(file, entry, target)
  } catch (error) {
    throw new CloseoutError('backup-damaged', `${file}: the database does not unpack (${(error as Error).message})`)
  }
  if (got.size !== manifest.database.size || got.sha256 !== manifest.database.sha256)
    throw new CloseoutError('backup-damaged', `${file}: the database does not match the manifest's size and hash`)
  await fsyncFile(target)
}

async function restoreBlobs(
  file: string,
  entries: Map<string, ArchiveEntry>,
  manifest: BackupManifest,
  dataDir: string,
): Promise<void> {
  mkdirSync(attachmentsRoot(dataDir), { recursive: true })
  const backupDir = dirname(file)
  await eachInPool(manifest.attachments, 8, async (blob) => {
    let data: Buffer
    if (manifest.attachmentsStored === 'inside') {
      const entry = entries.get(attachmentEntryName(blob.sha256))
      if (!entry) throw new CloseoutError('backup-damaged', `${file} lacks the attachment ${blob.sha256}`)
      data = await readEntry(file, entry)
    } else {
      const source = backupBlobPath(backupDir, blob.sha256)
      data = await readFile(source).catch(() => {
        throw new CloseoutError(
          'backup-damaged',
          `The attachment ${blob.sha256} is missing from ${join(backupDir, 'blobs')}; keep the blobs folder beside the backup files`,
        )
      })
    }
    if (data.length !== blob.size || createHash('sha256').update(data).digest('hex') !== blob.sha256)
      throw new CloseoutError('backup-damaged', `The attachment ${blob.sha256} in the backup does not match its hash`)
    const target = blobPath(attachmentsRoot(dataDir), blob.sha256)
    await mkdir(dirname(target), { recursive: true })
    const fh = await open(target, 'wx')
    try {
      await fh.writeFile(data)
      await fh.sync()
    } finally {
      await fh.close()
    }
  })
}

async function fsyncFile(file: string): Promise<void> {
  const fh = await open(file, 'r+')
  try {
    await fh.sync()
  } finally {
    await fh.close()
  }
}

/** Only ever called on a folder that was empty (or absent) when the restore began: everything in it is the restore's. */
function emptyFolder(dataDir: string, createdFolder: boolean): void {
  if (createdFolder) {
    rmSync(dataDir, { recursive: true, force: true })
    return
  }
  for (const name of readdirSync(dataDir)) rmSync(join(dataDir, name), { recursive: true, force: true })
}
