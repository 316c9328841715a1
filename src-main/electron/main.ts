import { app, BrowserWindow, ipcMain, net, protocol, session, shell, type IpcMainInvokeEvent } from 'electron'
import { join, normalize, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { EVENT_NAMES, IPC_CALL, IPC_EVENT } from '../../src-shared/api/events'
import { fail } from '../../src-shared/api/envelope'
import { createHandlers } from '../core/api/handlers'
import { dispatch } from '../core/api/dispatch'
import { openOffice, type Office } from '../core/office'
import { defaultSharedDir } from '../core/paths'
import { loadWindowState, trackWindowState } from './window-state'

/**
 * The desktop shell: hosts core, binds the office API to IPC and shows the office UI from the
 * app:// scheme (no file:// pitfalls). Everything else lives in core and is tested in Node.
 */
const SCHEME = 'app'
protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }])

let office: Office | null = null
let mainWindow: BrowserWindow | null = null

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  app.whenReady().then(start, (error: unknown) => {
    console.error('[closeout] failed to start', error)
    app.quit()
  })
}

async function start(): Promise<void> {
  const rendererRoot = join(__dirname, '..', 'renderer')
  protocol.handle(SCHEME, (request) => {
    const url = new URL(request.url)
    const file = normalize(join(rendererRoot, decodeURIComponent(url.pathname)))
    if (!file.startsWith(rendererRoot + sep)) return new Response('Not found', { status: 404 })
    return net.fetch(pathToFileURL(file).toString())
  })

  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [
          "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
        ],
      },
    })
  })

  const dataDir = process.env.CLOSEOUT_DATA ?? join(app.getPath('userData'), 'data')
  const sharedDir = process.env.CLOSEOUT_SHARED ?? defaultSharedDir()
  const nativeBinding = process.env.CLOSEOUT_SQLITE_BINDING
  office = await openOffice({ dataDir, sharedDir, ...(nativeBinding ? { nativeBinding } : {}) })
  const handlers = createHandlers(office)

  ipcMain.handle(IPC_CALL, async (event: IpcMainInvokeEvent, method: unknown, input: unknown) => {
    // Only our own page may call the office API.
    const origin = event.senderFrame?.url ? new URL(event.senderFrame.url).origin : ''
    if (origin !== `${SCHEME}://office`) return fail('forbidden', 'This page may not call the office API')
    if (typeof method !== 'string') return fail('invalid-input', 'method must be a string')
    return dispatch(handlers, method, input ?? {}, { transport: 'ipc' })
  })
  for (const name of EVENT_NAMES) {
    office.events.on(name, (payload) => mainWindow?.webContents.send(IPC_EVENT, name, payload))
  }

  createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow()
  })
}

function createWindow(): void {
  const userData = app.getPath('userData')
  const state = loadWindowState(userData)
  mainWindow = new BrowserWindow({
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    minWidth: 960,
    minHeight: 600,
    title: 'Closeout',
    show: false,
    webPreferences: {
      preload: join(__dirname, '..', 'preload', 'preload.js'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  })
  if (state.maximized) mainWindow.maximize()
  trackWindowState(mainWindow, userData)
  mainWindow.once('ready-to-show', () => mainWindow?.show())
  mainWindow.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${SCHEME}://office/`)) event.preventDefault()
  })
  mainWindow.webContents.setWindowOpenHandler(({ url }) => {
    // Links to the web open in the user's browser, never inside the app.
    if (url.startsWith('https://')) void shell.openExternal(url)
    return { action: 'deny' }
  })
  mainWindow.on('closed', () => {
    mainWindow = null
  })
  void mainWindow.loadURL(`${SCHEME}://office/office/index.html`)
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

app.on('will-quit', () => {
  void office?.close()
})
