import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import {
  EVENT_NAMES,
  IPC_CALL,
  IPC_EVENT,
  IPC_NAVIGATE,
  IPC_OPEN_DRAFT,
  IPC_OPEN_FILE,
  IPC_PICK_FOLDER,
  IPC_SAVE_COPY,
  IPC_SHOW_IN_FOLDER,
  type EventName,
} from '../../src-shared/api/events'

/**
 * The only thing the office UI sees of Electron: `window.closeout.call(method, input)`,
 * `window.closeout.subscribe(event, listener)` and a few desktop helpers. No raw ipcRenderer
 * crosses the bridge; main validates every method name, input and path.
 */
contextBridge.exposeInMainWorld('closeout', {
  call: (method: string, input: unknown): Promise<unknown> => {
    if (typeof method !== 'string') return Promise.reject(new TypeError('method must be a string'))
    return ipcRenderer.invoke(IPC_CALL, method, input)
  },
  subscribe: (name: EventName, listener: (payload: unknown) => void): (() => void) => {
    if (!(EVENT_NAMES as readonly string[]).includes(name)) throw new TypeError(`unknown event ${String(name)}`)
    const handler = (_event: IpcRendererEvent, eventName: string, payload: unknown) => {
      if (eventName === name) listener(payload)
    }
    ipcRenderer.on(IPC_EVENT, handler)
    return () => ipcRenderer.removeListener(IPC_EVENT, handler)
  },
  transport: 'ipc',
  desktop: {
    showInFolder: (path: string): Promise<boolean> => ipcRenderer.invoke(IPC_SHOW_IN_FOLDER, String(path)),
    pickFolder: (title: string, defaultPath?: string): Promise<string | null> =>
      ipcRenderer.invoke(IPC_PICK_FOLDER, String(title), defaultPath === undefined ? undefined : String(defaultPath)),
    saveCopy: (path: string, suggestedName: string): Promise<string | null> =>
      ipcRenderer.invoke(IPC_SAVE_COPY, String(path), String(suggestedName)),
    openFile: (path: string): Promise<boolean> => ipcRenderer.invoke(IPC_OPEN_FILE, String(path)),
    openDraft: (path: string): Promise<boolean> => ipcRenderer.invoke(IPC_OPEN_DRAFT, String(path)),
  },
})

// The menu, tray and notifications ask for a screen; only hash routes of this app are accepted.
// The preload is typed without DOM libraries (it builds with main): reach the page through globalThis.
const page = globalThis as unknown as { location: { hash: string }; history: { back(): void } }
ipcRenderer.on(IPC_NAVIGATE, (_event: IpcRendererEvent, hash: unknown) => {
  if (hash === 'back') page.history.back()
  else if (typeof hash === 'string' && /^#\/[\w/.-]*$/.test(hash)) page.location.hash = hash
})
