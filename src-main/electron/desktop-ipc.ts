import { dialog, ipcMain, shell, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import { existsSync } from 'node:fs'
import { resolve, sep } from 'node:path'
import { IPC_PICK_FOLDER, IPC_SHOW_IN_FOLDER } from '../../src-shared/api/events'

/**
 * The two desktop-only calls. "Show in folder" reveals only paths inside the data or shared
 * folder (packets, batches, rejected bundles), never an arbitrary file the page names.
 */
export function registerDesktopIpc(options: {
  window: () => BrowserWindow | null
  allowedRoots: () => string[]
  trusted: (event: IpcMainInvokeEvent) => boolean
}): void {
  ipcMain.handle(IPC_SHOW_IN_FOLDER, (event, path: unknown) => {
    if (!options.trusted(event) || typeof path !== 'string') return false
    const target = resolve(path)
    const inside = options
      .allowedRoots()
      .some((root) => target === resolve(root) || target.startsWith(resolve(root) + sep))
    if (!inside || !existsSync(target)) return false
    shell.showItemInFolder(target)
    return true
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
    return result.canceled ? null : (result.filePaths[0] ?? null)
  })
}
