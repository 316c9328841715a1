import { dialog, ipcMain, shell, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import { copyFileSync, existsSync } from 'node:fs'
import { basename, resolve, sep } from 'node:path'
import {
  IPC_OPEN_DRAFT,
  IPC_OPEN_FILE,
  IPC_PICK_FOLDER,
  IPC_SAVE_COPY,
  IPC_SHOW_IN_FOLDER,
} from '../../src-shared/api/events'

/** The viewers the page may open: packets are PDFs; anything else (a script, an .exe) never. */
const OPENABLE = /\.pdf$/i

/**
 * The desktop-only calls. Each reveals, copies or opens only a file inside the data or shared
 * folder (packets, batches, rejected bundles), never an arbitrary file the page names.
 */
export function registerDesktopIpc(options: {
  window: () => BrowserWindow | null
  allowedRoots: () => string[]
  trusted: (event: IpcMainInvokeEvent) => boolean
  /** The office's drafts folder: the only place a draft is opened from. */
  draftsDir: () => string | null
  /** A folder the user chose in the dialog: the office API may write packets and exports into it. */
  picked: (folder: string) => void
}): void {
  const officeFile = (event: IpcMainInvokeEvent, path: unknown): string | null => {
    if (!options.trusted(event) || typeof path !== 'string') return null
    const target = resolve(path)
    const inside = options
      .allowedRoots()
      .some((root) => target === resolve(root) || target.startsWith(resolve(root) + sep))
    return inside && existsSync(target) ? target : null
  }

  ipcMain.handle(IPC_SHOW_IN_FOLDER, (event, path: unknown) => {
    const target = officeFile(event, path)
    if (!target) return false
    shell.showItemInFolder(target)
    return true
  })
  ipcMain.handle(IPC_OPEN_FILE, async (event, path: unknown) => {
    const target = officeFile(event, path)
    if (!target || !OPENABLE.test(target)) return false
    // shell.openPath answers '' on success and the reason otherwise.
    return (await shell.openPath(target)) === ''
  })
  ipcMain.handle(IPC_SAVE_COPY, async (event, path: unknown, suggestedName: unknown) => {
    const source = officeFile(event, path)
    if (!source) return null
    const win = options.window()
    const ask = {
      title: 'Save a copy',
      defaultPath: typeof suggestedName === 'string' ? basename(suggestedName).slice(0, 255) : basename(source),
    }
    const result = win ? await dialog.showSaveDialog(win, ask) : await dialog.showSaveDialog(ask)
    if (result.canceled || !result.filePath) return null
    copyFileSync(source, result.filePath)
    return result.filePath
  })
  ipcMain.handle(IPC_PICK_FOLDER, async (event, title: unknown, defaultPath: unknown) => {
    if (!options.trusted(event)) return null
    const win = options.window()
    const pick = {
      title: typeof title === 'string' ? title.slice(0, 200) : 'Choose a folder',
      properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[],
      ...(typeof defaultPath === 'string' ? { defaultPath } : {}),
    }
    const result = win ? await dialog.showOpenDialog(win, pick) : await dialog.showOpenDialog(pick)
    const chosen = result.canceled ? null : (result.filePaths[0] ?? null)
    if (chosen) options.picked(chosen)
    return chosen
  })
  // The SMTP password has no channel of its own: it goes with mail.updateSettings, where an
  // admin confirms with their PIN and the change is logged (docs/security.md).
  // Only an .eml Closeout wrote into drafts/ is opened: the mail app shows it as a draft.
  ipcMain.handle(IPC_OPEN_DRAFT, async (event, path: unknown) => {
    const dir = options.draftsDir()
    if (!options.trusted(event) || !dir || typeof path !== 'string') return false
    const target = resolve(path)
    if (!target.startsWith(resolve(dir) + sep) || !target.endsWith('.eml') || !existsSync(target)) return false
    return (await shell.openPath(target)) === ''
  })
}
