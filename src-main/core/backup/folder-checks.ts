import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { isAbsolute, join, resolve, sep } from 'node:path'
import { CloseoutError } from '../errors'
import { dataFolderProblem } from '../settings/folders'

function invalid(path: 'folder' | 'dataDir', message: string, what: string): CloseoutError {
  return new CloseoutError('invalid-folder', `The ${what} ${message}`, [{ path, message }])
}

const inside = (child: string, parent: string) => `${resolve(child)}${sep}`.startsWith(`${resolve(parent)}${sep}`)

/**
 * A backup folder Closeout can use: a full path, away from the data folder (a backup beside
 * the database dies with the disk), and one it can create and write now rather than at 3 a.m.
 * Answers the resolved folder.
 */
export function checkBackupFolder(folder: string, dataDir: string): string {
  const what = 'backup folder'
  if (!isAbsolute(folder)) throw invalid('folder', 'must be a full path (like D:\\Backups or /media/usb/backups)', what)
  const dir = resolve(folder)
  if (inside(dir, dataDir) || inside(dataDir, dir))
    throw invalid('folder', 'must be outside the data folder: a backup beside the database dies with the disk', what)
  try {
    mkdirSync(dir, { recursive: true })
    const probe = join(dir, `.closeout-write-test-${randomBytes(4).toString('hex')}`)
    writeFileSync(probe, 'Closeout checks it can write here; this file is removed at once.')
    unlinkSync(probe)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error'
    throw invalid('folder', `cannot be created or written by this user (${code})`, what)
  }
  return dir
}

/**
 * Where a restore may go: a new or empty folder (restoreBackup refuses anything else) that is a
 * full path, on this computer rather than in a synced folder, and apart from the shared folder,
 * the same rules as choosing a data folder in Settings > Folders.
 */
export function checkRestoreTarget(dataDir: string, sharedDir: string): void {
  const empty = !existsSync(dataDir) || (statSync(dataDir).isDirectory() && readdirSync(dataDir).length === 0)
  if (!empty) return
  const problem = dataFolderProblem(dataDir, sharedDir)
  if (problem) throw invalid('dataDir', problem, 'folder to restore into')
}
