import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openOffice, type SqliteOffice } from '../../src-main/core/office'

export const ROOT = join(__dirname, '..', '..')

export function demoSetup(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(ROOT, 'resources', 'demo', 'setup.json'), 'utf8')) as Record<string, unknown>
}

export interface TempFolders {
  root: string
  dataDir: string
  sharedDir: string
  cleanup: () => void
}

export function tempFolders(prefix = 'closeout-test-'): TempFolders {
  const root = mkdtempSync(join(tmpdir(), prefix))
  return {
    root,
    dataDir: join(root, 'data'),
    sharedDir: join(root, 'shared'),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  }
}

/** A real office on real temp folders; `dispose` closes it and removes the folders. */
export async function tempOffice(): Promise<{
  office: SqliteOffice
  folders: TempFolders
  dispose: () => Promise<void>
}> {
  const folders = tempFolders()
  const office = await openOffice({ dataDir: folders.dataDir, sharedDir: folders.sharedDir })
  return {
    office,
    folders,
    dispose: async () => {
      await office.close()
      folders.cleanup()
    },
  }
}
