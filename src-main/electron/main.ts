import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  net,
  Notification,
  protocol,
  safeStorage,
  session,
  shell,
  type IpcMainInvokeEvent,
} from 'electron'
import { join, normalize, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { lstatSync } from 'node:fs'
import { EVENT_NAMES, IPC_CALL, IPC_EVENT, IPC_NAVIGATE } from '../../src-shared/api/events'
import { fail } from '../../src-shared/api/envelope'
import { createHandlers } from '../core/api/handlers'
import { dispatch, sessionChange } from '../core/api/dispatch'
import { sessionExpiresAt, signOut } from '../core/auth/office-sessions'
import { startInboxWatcher, type InboxWatcher } from '../core/inbox/watcher'
import { startBackupScheduler } from '../core/backup/backup-scheduler'
import { attentionNow, newSince, notificationsFor, type Attention } from '../core/jobs/attention'
import { openOffice, type Office } from '../core/office'
import { defaultDataDir, resourcePath } from '../core/paths'
import { readLocations } from '../core/settings/folders'
import { resolveSharedDir } from '../core/office-folders'
import { startOffice } from '../core/office-start'
import { startLanServer } from '../lan/server'
import { hostForm, type FormHost } from '../lan/form-host'
import { manageSecondSeat, type SecondSeat } from '../http/second-seat'
import { startOfficeSnapshot, type OfficeSnapshotWriter } from '../lan/office-snapshot-writer'
import { buildAppMenu } from './app-menu'
import { isOfficePage, OFFICE_ORIGIN as ORIGIN, SCHEME } from './origin'
import { registerDesktopIpc } from './desktop-ipc'
import { rememberPickedFolder } from '../core/fs/out-dir'
import { mailKeychain } from './mail-keychain'
import { databaseChoiceStore } from '../core/settings/database-choice'
import { ChoseToQuit, openOnChosenDatabase } from './database-open'
import { createApprovalTray, type ApprovalTray } from './tray'
import { loadWindowState, trackWindowState } from './window-state'

/**
 * The desktop shell: hosts core (inbox watcher, LAN form, office API over IPC), shows the
 * office UI from the app:// scheme (no file:// pitfalls), and adds what only a desktop app
 * can: tray count, native notifications, menu, "Show in folder". Logic lives in core.
 */
protocol.registerSchemesAsPrivileged([
  { scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
])

let office: Office | null = null
let mainWindow: BrowserWindow | null = null
let watcher: InboxWatcher | null = null
let backups: { stop: () => Promise<void> } | null = null
let form: FormHost | null = null
let seat: SecondSeat | null = null
let snapshot: OfficeSnapshotWriter | null = null
let tray: ApprovalTray | null = null
/** webContents id -> that window's office sign-in session. */
const windowSessions = new Map<number, string>()

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => showWindow())
  // A failure anywhere in start (not only in whenReady) is said in one box, never an unhandled crash.
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => fatal(error))
}

function fatal(error: unknown): void {
  if (error instanceof ChoseToQuit) {
    app.quit()
    return
  }
  console.error('[closeout] failed to start', error)
  dialog.showErrorBox('Closeout could not start', error instanceof Error ? error.message : String(error))
  app.quit()
}

/** Same order as the CLI: environment, the folder chosen in Settings, the OS default; decided before opening. */
async function openConfiguredOffice(): Promise<Office> {
  const dataDir = process.env.CLOSEOUT_DATA ?? readLocations().dataDir ?? defaultDataDir()
  // Only a checkout (`npm start`) takes the driver path from the environment; an installed app
  // uses the driver electron-builder rebuilt into it, never a path someone else can set.
  const nativeBinding = app.isPackaged ? undefined : process.env.CLOSEOUT_SQLITE_BINDING
  const databaseChoice = databaseChoiceStore(dataDir, safeStorage)
  const opened = await openOnChosenDatabase(databaseChoice, (database, savedAttachments) => {
    const attachmentsDir = process.env.CLOSEOUT_ATTACHMENTS?.trim() || savedAttachments
    return openOffice({
      dataDir,
      sharedDir: resolveSharedDir(dataDir, { nativeBinding, engine: database.engine }),
      database,
      ...(attachmentsDir ? { attachmentsDir } : {}),
      mailPassword: mailKeychain(dataDir),
      databaseChoice,
      ...(nativeBinding ? { nativeBinding } : {}),
    })
  })
  await startOffice(opened)
  return opened
}

/** Web pages the app may open in the user's browser: the help site, and the map a closeout's GPS fix opens in. */
const EXTERNAL_LINKS = ['https://closeout.example/', 'https://www.openstreetmap.org/?mlat=']

const trusted = (event: IpcMainInvokeEvent): boolean => isOfficePage(event.senderFrame?.url)

async function start(): Promise<void> {
  const rendererRoot = join(__dirname, '..', 'renderer')
  protocol.handle(SCHEME, (request) => {
    let file: string
    try {
      const url = new URL(request.url)
      if (url.host !== 'office') return new Response('Not found', { status: 404 })
      file = normalize(join(rendererRoot, decodeURIComponent(url.pathname)))
    } catch {
      return new Response('Bad request', { status: 400 })
    }
    if (!file.startsWith(rendererRoot + sep)) return new Response('Not found', { status: 404 })
    // Serve plain files only: a symlink planted in the app folder must not reach outside it.
    try {
      if (!lstatSync(file).isFile()) return new Response('Not found', { status: 404 })
    } catch {
      return new Response('Not found', { status: 404 })
    }
    return net.fetch(pathToFileURL(file).toString())
  })

  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
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

  office = await openConfiguredOffice()
  const handlers = createHandlers(office)
  const current = office
  ipcMain.handle(IPC_CALL, async (event: IpcMainInvokeEvent, method: unknown, input: unknown) => {
    if (!trusted(event)) return fail('forbidden', 'This page may not call the office API')
    if (typeof method !== 'string') return fail('invalid-input', 'method must be a string')
    // Each window holds its own sign-in; the page never has to carry it.
    const windowId = event.sender.id
    const sessionId = windowSessions.get(windowId) ?? null
    const result = await dispatch(current, handlers, method, input ?? {}, {
      transport: 'ipc',
      sessionId,
      origin: { via: 'desktop', address: null },
    })
    const change = sessionChange(method, result)
    if (change === 'signed-out') windowSessions.delete(windowId)
    else if (change) {
      signOut(current, sessionId)
      windowSessions.set(windowId, change.signedIn)
    }
    return result
  })
  registerDesktopIpc({
    window: () => mainWindow,
    allowedRoots: () => (office ? [office.dataDir, office.sharedDir] : []),
    trusted,
    draftsDir: () => (office ? join(office.dataDir, 'drafts') : null),
    picked: (folder) => {
      if (office) rememberPickedFolder(office, folder)
    },
  })
  // Only a window someone is signed in to hears the office's news.
  for (const name of EVENT_NAMES)
    office.events.on(name, (payload: unknown) => {
      const win = mainWindow?.webContents
      if (!win) return
      void signedInWindow(current, windowSessions.get(win.id))
        .then((yes) => {
          if (yes && !win.isDestroyed()) win.send(IPC_EVENT, name, payload)
        })
        // The office closing under a late event: nobody to tell.
        .catch(() => undefined)
    })

  watcher = await startInboxWatcher(office)
  backups = startBackupScheduler(office)
  snapshot = await startOfficeSnapshot(office)
  try {
    // On PostgreSQL only the seat chosen in Settings serves the phones (core/network/form-seat.ts).
    const formOffice = office
    form = await hostForm(formOffice, () => startLanServer(formOffice))
  } catch (error) {
    // The office still works without the phone form (port taken, no network): say so, do not quit.
    console.error('[closeout] the phone form could not start:', error)
  }
  // The second seat (off unless an admin switched it on): the office UI for other PCs on the LAN.
  seat = await manageSecondSeat(office, { uiDir: join(__dirname, '..', 'renderer') }).catch((error: unknown) => {
    console.error('[closeout] the second seat could not start:', error)
    return null
  })

  const opened = office
  Menu.setApplicationMenu(
    buildAppMenu({
      go: (hash) => showWindow(hash),
      openDataFolder: () => void shell.openPath(opened.dataDir),
      openSharedFolder: () => void shell.openPath(opened.sharedDir),
    }),
  )
  startAttention(opened)
  createWindow()
  app.on('activate', () => showWindow())
}

/** Tray count and notifications follow the office's own events, debounced so a burst is one alert. */
function startAttention(current: Office): void {
  tray = createApprovalTray({
    iconDir: resourcePath('icons'),
    show: (hash) => showWindow(hash),
    quit: () => app.quit(),
  })
  let seen: Attention | null = null
  let timer: NodeJS.Timeout | null = null
  const refresh = async () => {
    timer = null
    const now = await attentionNow(current)
    tray?.setCount(now.needsApproval.length)
    // The first look only counts: what was waiting at start is not announced.
    if (seen && Notification.isSupported()) {
      for (const note of notificationsFor(newSince(seen, now))) {
        const n = new Notification({ title: note.title, body: note.body, silent: false })
        n.on('click', () =>
          note.kind === 'approval'
            ? showWindow(`#/jobs/${encodeURIComponent(note.target)}`)
            : shell.showItemInFolder(note.target),
        )
        n.show()
      }
    }
    seen = now
  }
  const look = () =>
    refresh().catch((error: unknown) =>
      console.error('[closeout] the tray could not read what needs attention:', (error as Error).message),
    )
  void look()
  const schedule = () => {
    timer ??= setTimeout(look, 500)
  }
  current.events.on('jobs.changed', schedule)
  current.events.on('inbox.changed', schedule)
}

function showWindow(hash?: string): void {
  if (!mainWindow) createWindow()
  const win = mainWindow
  if (!win) return
  if (win.isMinimized()) win.restore()
  win.show()
  win.focus()
  if (hash) win.webContents.send(IPC_NAVIGATE, hash)
}

function createWindow(): void {
  const userData = app.getPath('userData')
  const state = loadWindowState(userData)
  mainWindow = new BrowserWindow({
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    minWidth: 1024,
    minHeight: 640,
    title: 'Closeout',
    show: false,
    backgroundColor: '#f8f9fa',
    icon: resourcePath('icons', 'icon.png'),
    webPreferences: {
      preload: join(__dirname, '..', 'preload', 'preload.js'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // No DevTools in an installed app (no menu item, no shortcut); a checkout keeps them.
      devTools: !app.isPackaged,
    },
  })
  if (state.maximized) mainWindow.maximize()
  trackWindowState(mainWindow, userData)
  mainWindow.once('ready-to-show', () => mainWindow?.show())
  const windowId = mainWindow.webContents.id
  mainWindow.on('closed', () => {
    // A closed window's sign-in ends with it.
    if (office) signOut(office, windowSessions.get(windowId))
    windowSessions.delete(windowId)
    mainWindow = null
  })
  void mainWindow.loadURL(`${ORIGIN}/office/index.html`)
}

// Every web contents (the window, any devtools or future view): no navigation away, no new windows.
app.on('web-contents-created', (_event, contents) => {
  const stayInApp = (event: Electron.Event, url: string) => {
    if (!isOfficePage(url)) event.preventDefault()
  }
  contents.on('will-navigate', stayInApp)
  contents.on('will-redirect', stayInApp)
  contents.setWindowOpenHandler(({ url }) => {
    // Only our own help pages open, and in the user's browser, never inside the app.
    if (EXTERNAL_LINKS.some((prefix) => url.startsWith(prefix))) void shell.openExternal(url)
    return { action: 'deny' }
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

let quitting = false
app.on('before-quit', (event) => {
  if (quitting || !office) return
  event.preventDefault()
  quitting = true
  const closing = office
  tray?.destroy()
  void (async () => {
    await watcher?.stop().catch(() => undefined)
    snapshot?.stop()
    await backups?.stop().catch(() => undefined)
    await form?.stop().catch(() => undefined)
    await seat?.stop().catch(() => undefined)
    await closing.close()
    office = null
    app.quit()
  })()
})

/** Whether a window's session is still open, without keeping it from idling out. */
async function signedInWindow(current: Office, sessionId: string | undefined): Promise<boolean> {
  return sessionId !== undefined && ((await sessionExpiresAt(current, sessionId)) ?? 0) > Date.now()
}
