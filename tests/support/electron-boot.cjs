'use strict'
// Boots the built desktop main process (out/main/index.js) in plain Node with a stand-in for the
// `electron` module that records every call, then prints one JSON report on stdout. Used by
// tests/integration/electron/main-boot.test.ts: it cannot replace running Electron, but it
// catches a main bundle that throws at start, a wrong preload path or an ESM/CJS mismatch.
const Module = require('node:module')
const { existsSync } = require('node:fs')
const { join } = require('node:path')

const [mainPath, userData, methodsJson] = process.argv.slice(2)
const calls = []
const appHandlers = new Map()
const ipcHandlers = new Map()
const windows = []
const exposed = new Map()
const invoked = []
let quitCalls = 0

/** Any member not defined below: a function that records its call and returns another stand-in. */
function standIn(path, overrides = {}) {
  const target = function () {}
  return new Proxy(target, {
    get(_t, prop) {
      if (prop === 'then') return undefined // never a thenable
      if (prop in overrides) return overrides[prop]
      if (typeof prop === 'symbol') return undefined
      return standIn(`${path}.${prop}`)
    },
    apply(_t, _this, args) {
      calls.push({ path, args: args.filter((a) => typeof a !== 'function').map(describe) })
      return standIn(`${path}()`)
    },
    construct(_t, args) {
      calls.push({ path: `new ${path}`, args: args.map(describe) })
      return standIn(`${path}#instance`)
    },
  })
}

function describe(value) {
  try {
    return JSON.parse(JSON.stringify(value ?? null))
  } catch {
    return String(value)
  }
}

class FakeWindow {
  constructor(options) {
    this.options = options
    this.loaded = []
    this.sent = []
    this.webContents = standIn('webContents', { id: windows.length + 1, send: (...args) => this.sent.push(args) })
    windows.push(this)
  }
  loadURL(url) {
    this.loaded.push(url)
    return Promise.resolve()
  }
  once() {}
  on() {}
  maximize() {}
  isMinimized() {
    return false
  }
  show() {}
  focus() {}
  restore() {}
  getBounds() {
    return { x: 0, y: 0, width: 1280, height: 800 }
  }
  isMaximized() {
    return false
  }
}

const electron = {
  app: standIn('app', {
    isPackaged: false,
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    getPath: () => userData,
    getVersion: () => '0.0.0-test',
    on: (event, handler) => {
      appHandlers.set(event, [...(appHandlers.get(event) ?? []), handler])
    },
    quit: () => {
      quitCalls++
    },
  }),
  BrowserWindow: FakeWindow,
  ipcMain: standIn('ipcMain', { handle: (channel, handler) => ipcHandlers.set(channel, handler) }),
  protocol: standIn('protocol'),
  session: standIn('session'),
  net: standIn('net'),
  Menu: standIn('Menu'),
  Tray: standIn('Tray'),
  Notification: standIn('Notification', { isSupported: () => false }),
  nativeImage: standIn('nativeImage'),
  shell: standIn('shell'),
  dialog: standIn('dialog'),
  // The preload's side (loaded after main, below): what it exposes and which channels it invokes.
  contextBridge: { exposeInMainWorld: (key, api) => exposed.set(key, api) },
  ipcRenderer: standIn('ipcRenderer', {
    invoke: (channel) => {
      invoked.push(channel)
      return Promise.resolve(null)
    },
    on: () => {},
  }),
}

const load = Module._load
Module._load = function (request, ...rest) {
  if (request === 'electron') return electron
  return load.call(this, request, ...rest)
}

async function main() {
  require(mainPath)
  const until = Date.now() + 60_000
  while (windows.length === 0 || windows[0].loaded.length === 0) {
    if (Date.now() > until) throw new Error('no window was created and loaded within 60 s')
    await new Promise((r) => setTimeout(r, 50))
  }
  const call = ipcHandlers.get('closeout:call')
  const office = { sender: { id: 1 }, senderFrame: { url: 'app://office/office/index.html' } }
  const stranger = { sender: { id: 2 }, senderFrame: { url: 'https://example.com/' } }
  const answers = {}
  for (const method of JSON.parse(methodsJson))
    answers[method] = (await call(office, method, 'not an object')).error?.code
  const report = {
    privileged: calls.filter((c) => c.path === 'protocol.registerSchemesAsPrivileged').map((c) => c.args[0]),
    protocolHandled: calls.filter((c) => c.path === 'protocol.handle').map((c) => c.args[0]),
    ipcChannels: [...ipcHandlers.keys()],
    window: windows.map((w) => ({ webPreferences: w.options.webPreferences, loaded: w.loaded }))[0],
    preloadExists: existsSync(windows[0].options.webPreferences.preload),
    unknownMethod: (await call(office, 'no.such.method', {})).error?.code,
    stranger: (await call(stranger, 'jobs.list', {})).error?.code,
    answers,
    healthOk: (await call(office, 'inbox.health', {})).ok,
  }
  // The window's preload, loaded against the same stand-in: each desktop helper it exposes must
  // invoke a channel main handles (a helper left out, or a channel nobody answers, fails here).
  require(windows[0].options.webPreferences.preload)
  const bridge = exposed.get('closeout') ?? {}
  report.desktop = {}
  for (const [name, fn] of Object.entries(bridge.desktop ?? {})) {
    invoked.length = 0
    await fn('/x', 'y')
    report.desktop[name] = invoked[0] ?? null
  }
  // Quit as the window's close would: before-quit stops the watcher, LAN and office, then quits.
  let prevented = false
  for (const handler of appHandlers.get('before-quit') ?? []) handler({ preventDefault: () => (prevented = true) })
  const quitUntil = Date.now() + 30_000
  while (quitCalls === 0 && Date.now() < quitUntil) await new Promise((r) => setTimeout(r, 50))
  report.quit = { prevented, quitCalls }
  report.databaseExists = existsSync(join(process.env.CLOSEOUT_DATA, 'closeout.sqlite'))
  process.stdout.write(`REPORT ${JSON.stringify(report)}\n`)
  process.exit(0)
}

main().catch((error) => {
  process.stdout.write(`FAILED ${String(error && error.stack)}\n`)
  process.exit(1)
})
