import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { parseDatabaseOption } from '../../../src-main/core/db/pg/engine'
import { databaseChoiceStore } from '../../../src-main/core/settings/database-choice'

/**
 * Issue #17: the desktop app opens the office on the PostgreSQL server named by
 * CLOSEOUT_DATABASE or saved in Settings > Database. When the server cannot be reached it says
 * why in the CLI's own words, never with the password: the environment's choice quits; a saved
 * one offers to try again, to open the SQLite file instead (remembered) or to quit, so a wrong
 * saved string never locks the office out. Electron is replaced by stand-ins that record the
 * dialogs (as in main-start.test.ts).
 */
const electron = vi.hoisted(() => {
  const state = {
    listeners: new Map<string, (...args: unknown[]) => void>(),
    errorBoxes: [] as { title: string; message: string }[],
    messageBoxes: [] as { message: string; detail: string; buttons: string[] }[],
    answer: 0,
    answers: [] as number[],
    menuSet: false,
    quits: 0,
  }
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
    on: (name: string, listener: (...args: unknown[]) => void) => state.listeners.set(name, listener),
    quit: () => state.quits++,
    getPath: () => process.env.CLOSEOUT_TEST_USERDATA ?? '',
    getVersion: () => '0.0.0-test',
  }
  const app = new Proxy(known, {
    get: (target, key) => (key in target ? target[key as keyof typeof known] : anything()),
  })
  /** The same stand-in keychain the test saves the choice with. */
  const keychain = {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString: (s: string) => Buffer.from([...Buffer.from(s)].map((b) => b ^ 0x5a)),
    decryptString: (b: Buffer) => Buffer.from([...b].map((x) => x ^ 0x5a)).toString(),
  }
  return {
    state,
    keychain,
    module: {
      app,
      BrowserWindow: anything(),
      dialog: {
        showErrorBox: (title: string, message: string) => state.errorBoxes.push({ title, message }),
        showMessageBoxSync: (options: { message: string; detail: string; buttons: string[] }) => {
          state.messageBoxes.push(options)
          return state.answers.shift() ?? state.answer
        },
      },
      ipcMain: { handle: () => undefined },
      Menu: {
        setApplicationMenu: () => {
          state.menuSet = true
        },
        buildFromTemplate: () => anything(),
      },
      net: anything(),
      nativeImage: anything(),
      Notification,
      protocol: { registerSchemesAsPrivileged: () => undefined, handle: () => undefined },
      safeStorage: keychain,
      session: anything(),
      shell: anything(),
      Tray: anything(),
    },
  }
})
vi.mock('electron', () => ({ ...electron.module, default: electron.module }))

// Nothing listens on port 1: the server cannot be reached, at once.
const URL = 'postgres://closeout:Sup3r-Secret@127.0.0.1:1/closeout'
const saved = { ...process.env }
let root: string
let dataDir: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'closeout-refusal-'))
  dataDir = join(root, 'data')
  process.env.CLOSEOUT_DATA = dataDir
  process.env.CLOSEOUT_SHARED = join(root, 'shared')
  process.env.CLOSEOUT_LOCATIONS = join(root, 'locations.json')
  process.env.CLOSEOUT_TEST_USERDATA = join(root, 'user-data')
  process.env.HOME = root
  delete process.env.CLOSEOUT_SQLITE_BINDING
  delete process.env.CLOSEOUT_DATABASE
  Object.assign(electron.state, { errorBoxes: [], messageBoxes: [], answer: 0, answers: [], menuSet: false, quits: 0 })
  electron.state.listeners.clear()
  vi.resetModules()
})
afterEach(async () => {
  // An office that started is quit the way the user would, before its folders go.
  if (electron.state.menuSet) {
    electron.state.listeners.get('before-quit')?.({ preventDefault: () => undefined })
    await vi.waitFor(() => expect(electron.state.quits).toBeGreaterThan(0), { timeout: 10_000, interval: 50 })
  }
  process.env = { ...saved }
  rmSync(root, { recursive: true, force: true })
})

const expected =
  'Nothing accepted the connection at 127.0.0.1:1 (connection refused): check that PostgreSQL runs on that computer, listens on that port (listen_addresses, port) and that no firewall blocks it'
const BUTTONS = ['Try again', 'Open the SQLite file instead', 'Quit']

describe('the desktop app pointed at a PostgreSQL server it cannot reach (issue #17)', () => {
  it('CLOSEOUT_DATABASE: one error box saying why, no password, quits without making a SQLite office', async () => {
    process.env.CLOSEOUT_DATABASE = URL
    await import('../../../src-main/electron/main')
    await vi.waitFor(() => expect(electron.state.errorBoxes).toHaveLength(1), { timeout: 20_000, interval: 50 })
    expect(electron.state.errorBoxes[0]).toEqual({ title: 'Closeout could not start', message: expected })
    expect(JSON.stringify(electron.state.errorBoxes)).not.toContain('Sup3r-Secret')
    expect(electron.state.messageBoxes).toEqual([])
    expect(electron.state.quits).toBe(1)
    expect(electron.state.menuSet).toBe(false)
    expect(existsSync(join(dataDir, 'closeout.sqlite'))).toBe(false)
  }, 60_000)

  it('a saved choice: the dialog says why and offers three ways; Quit quits with no second box', async () => {
    databaseChoiceStore(dataDir, electron.keychain, 'linux').write(parseDatabaseOption(URL))
    electron.state.answer = 2
    await import('../../../src-main/electron/main')
    await vi.waitFor(() => expect(electron.state.quits).toBe(1), { timeout: 20_000, interval: 50 })
    expect(electron.state.messageBoxes).toHaveLength(1)
    expect(electron.state.messageBoxes[0]!.detail).toContain(`${expected}.`)
    expect(electron.state.messageBoxes[0]!.buttons).toEqual(BUTTONS)
    expect(JSON.stringify(electron.state.messageBoxes)).not.toContain('Sup3r-Secret')
    expect(electron.state.errorBoxes).toEqual([])
    expect(electron.state.menuSet).toBe(false)
    // Nothing was changed: the choice is still saved for the next start.
    expect(databaseChoiceStore(dataDir, electron.keychain, 'linux').read()).toMatchObject({ engine: 'postgres' })
    expect(existsSync(join(dataDir, 'closeout.sqlite'))).toBe(false)
  }, 60_000)

  it('a saved choice: "Try again" tries the server again, and asks again while it cannot be reached', async () => {
    databaseChoiceStore(dataDir, electron.keychain, 'linux').write(parseDatabaseOption(URL))
    electron.state.answers = [0, 0]
    electron.state.answer = 2
    await import('../../../src-main/electron/main')
    await vi.waitFor(() => expect(electron.state.quits).toBe(1), { timeout: 30_000, interval: 50 })
    expect(electron.state.messageBoxes).toHaveLength(3)
    expect(electron.state.errorBoxes).toEqual([])
  }, 60_000)

  it('a saved choice: "Open the SQLite file instead" opens the office on SQLite and remembers that', async () => {
    databaseChoiceStore(dataDir, electron.keychain, 'linux').write(parseDatabaseOption(URL))
    electron.state.answer = 1
    await import('../../../src-main/electron/main')
    await vi.waitFor(
      () => {
        if (electron.state.errorBoxes.length > 0)
          throw new Error(`start failed: ${electron.state.errorBoxes[0]!.message}`)
        expect(electron.state.menuSet).toBe(true)
      },
      { timeout: 30_000, interval: 50 },
    )
    expect(electron.state.messageBoxes).toHaveLength(1)
    expect(existsSync(join(dataDir, 'closeout.sqlite'))).toBe(true)
    expect(databaseChoiceStore(dataDir, electron.keychain, 'linux').read()).toEqual({ engine: 'sqlite' })
  }, 60_000)
})
