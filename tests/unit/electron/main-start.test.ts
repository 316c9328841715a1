import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { officeOwingAReceipt, type OfficeOwingAReceipt } from '../../support/owed-receipt'

/**
 * The desktop entry (src-main/electron/main.ts) with Electron replaced by stand-ins: it must
 * open the office on the shared folder saved in Settings and pay owed receipts there, not in
 * the OS-default shared folder.
 */
const electron = vi.hoisted(() => {
  const listeners = new Map<string, (...args: unknown[]) => void>()
  const fatal: unknown[] = []
  let menuSet = false
  let quits = 0
  /** Answers any property with a callable stand-in, so windows, trays and menus just work. */
  const anything = (): unknown =>
    new Proxy(function stub() {}, {
      get: (_target, key) => (key === 'then' ? undefined : key === 'isEmpty' ? () => true : anything()),
      apply: () => anything(),
      construct: () => anything() as object,
    })
  class Notification {
    static isSupported = () => false
  }
  const known = {
    isPackaged: false,
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    on: (name: string, listener: (...args: unknown[]) => void) => listeners.set(name, listener),
    quit: () => quits++,
    getPath: () => process.env.CLOSEOUT_TEST_USERDATA ?? '',
    getVersion: () => '0.0.0-test',
  }
  const app = new Proxy(known, {
    get: (target, key) => (key in target ? target[key as keyof typeof known] : anything()),
  })
  return {
    listeners,
    fatal,
    started: () => menuSet,
    quits: () => quits,
    module: {
      app,
      BrowserWindow: anything(),
      dialog: { showErrorBox: (_title: string, message: string) => fatal.push(message) },
      ipcMain: { handle: () => undefined },
      Menu: {
        setApplicationMenu: () => {
          menuSet = true
        },
        buildFromTemplate: () => anything(),
      },
      net: anything(),
      nativeImage: anything(),
      Notification,
      protocol: { registerSchemesAsPrivileged: () => undefined, handle: () => undefined },
      safeStorage: { isEncryptionAvailable: () => false, getSelectedStorageBackend: () => 'basic_text' },
      session: anything(),
      shell: anything(),
      Tray: anything(),
    },
  }
})
vi.mock('electron', () => ({ ...electron.module, default: electron.module }))

let o: OfficeOwingAReceipt
const saved = { ...process.env }
beforeEach(async () => {
  o = await officeOwingAReceipt()
  process.env.CLOSEOUT_DATA = o.dataDir
  delete process.env.CLOSEOUT_SHARED
  delete process.env.CLOSEOUT_SQLITE_BINDING
  process.env.HOME = o.home
  process.env.USERPROFILE = o.home
  process.env.CLOSEOUT_TEST_USERDATA = o.home
})
afterEach(async () => {
  process.env = { ...saved }
  await o.dispose()
})

describe('the desktop app at start', () => {
  it('writes a receipt owed from the last run into the shared folder saved in Settings', async () => {
    await import('../../../src-main/electron/main')
    await vi.waitFor(
      () => {
        if (electron.fatal.length > 0) throw new Error(`start failed: ${String(electron.fatal[0])}`)
        expect(electron.started()).toBe(true)
      },
      { timeout: 20_000, interval: 50 },
    )

    expect(o.receiptStatus()).toEqual({ saved: 'invoice-ready', inDefaultFolder: false })

    // Quit as the user would, so the office, watcher and phone form close before the folders go.
    electron.listeners.get('before-quit')?.({ preventDefault: () => undefined })
    await vi.waitFor(() => expect(electron.quits()).toBe(1), { timeout: 10_000, interval: 50 })
  }, 60_000)
})
