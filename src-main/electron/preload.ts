import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { EVENT_NAMES, IPC_CALL, IPC_EVENT, type EventName } from '../../src-shared/api/events'

/**
 * The only thing the office UI sees of Electron: `window.closeout.call(method, input)` and
 * `window.closeout.subscribe(event, listener)`. No raw ipcRenderer crosses the bridge; main
 * validates every method name and input against the contract.
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
})
