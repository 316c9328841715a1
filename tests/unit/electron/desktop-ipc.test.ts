import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { IPC_OPEN_DRAFT, IPC_OPEN_FILE, IPC_PICK_FOLDER, IPC_SAVE_COPY } from '../../../src-shared/api/events'

/** Electron's ipcMain, shell and dialog as recording stand-ins: the handlers run as main runs them. */
const electron = vi.hoisted(() => {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>()
  const opened: string[] = []
  const dialog = {
    answer: { canceled: false, filePath: '' } as { canceled: boolean; filePath?: string },
    openAnswer: { canceled: true, filePaths: [] } as { canceled: boolean; filePaths: string[] },
    asked: [] as unknown[],
  }
  return {
    handlers,
    opened,
    dialog,
    module: {
      ipcMain: {
        handle: (name: string, fn: (event: unknown, ...args: unknown[]) => unknown) => handlers.set(name, fn),
      },
      shell: {
        openPath: (path: string) => {
          opened.push(path)
          return Promise.resolve('')
        },
        showItemInFolder: () => undefined,
      },
      dialog: {
        showSaveDialog: (...args: unknown[]) => {
          dialog.asked.push(args.at(-1))
          return Promise.resolve(dialog.answer)
        },
        showOpenDialog: () => Promise.resolve(dialog.openAnswer),
      },
    },
  }
})
vi.mock('electron', () => electron.module)

const { registerDesktopIpc } = await import('../../../src-main/electron/desktop-ipc')

let root: string
const picked: string[] = []
let outside: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'closeout-ipc-'))
  outside = mkdtempSync(join(tmpdir(), 'closeout-elsewhere-'))
  mkdirSync(join(root, 'exports', 'batch-1'), { recursive: true })
  writeFileSync(join(root, 'exports', 'batch-1', 'invoices.csv'), 'a,b\r\n')
  writeFileSync(join(root, 'packet.pdf'), '%PDF-1.7')
  writeFileSync(join(root, 'script.cmd'), 'echo hi')
  writeFileSync(join(outside, 'secret.pdf'), '%PDF-1.7')
  electron.handlers.clear()
  electron.opened.length = 0
  mkdirSync(join(root, 'drafts'))
  writeFileSync(join(root, 'drafts', 'INV-1042_Acme.eml'), 'X-Unsent: 1\r\n')
  writeFileSync(join(root, 'drafts', 'evil.cmd'), 'echo hi')
  picked.length = 0
  registerDesktopIpc({
    window: () => null,
    allowedRoots: () => [root],
    trusted: (e) => (e as unknown) === 'ours',
    draftsDir: () => join(root, 'drafts'),
    picked: (folder) => void picked.push(folder),
  })
})
afterEach(() => {
  rmSync(root, { recursive: true, force: true })
  rmSync(outside, { recursive: true, force: true })
})
const invoke = (name: string, event: unknown, ...args: unknown[]) => electron.handlers.get(name)!(event, ...args)

describe('Save as… and Open packet on the desktop', () => {
  it('Save as… copies a batch file where the clerk chose, suggesting its own name', async () => {
    const target = join(outside, 'for-quickbooks.csv')
    electron.dialog.answer = { canceled: false, filePath: target }
    const saved = await invoke(IPC_SAVE_COPY, 'ours', join(root, 'exports', 'batch-1', 'invoices.csv'), 'invoices.csv')
    expect(saved).toBe(target)
    expect(readFileSync(target, 'utf8')).toBe('a,b\r\n')
    expect(electron.dialog.asked.at(-1)).toMatchObject({ defaultPath: 'invoices.csv' })
  })

  it('a cancelled dialog saves nothing; a file outside the office folders or a foreign page is refused', async () => {
    electron.dialog.answer = { canceled: true }
    expect(await invoke(IPC_SAVE_COPY, 'ours', join(root, 'exports', 'batch-1', 'invoices.csv'), 'x.csv')).toBeNull()
    electron.dialog.answer = { canceled: false, filePath: join(outside, 'copy.pdf') }
    expect(await invoke(IPC_SAVE_COPY, 'ours', join(outside, 'secret.pdf'), 'secret.pdf')).toBeNull()
    expect(await invoke(IPC_SAVE_COPY, 'foreign', join(root, 'packet.pdf'), 'p.pdf')).toBeNull()
  })

  it('Open packet opens only a PDF inside the office folders in the system viewer', async () => {
    expect(await invoke(IPC_OPEN_FILE, 'ours', join(root, 'packet.pdf'))).toBe(true)
    expect(electron.opened).toEqual([join(root, 'packet.pdf')])
    expect(await invoke(IPC_OPEN_FILE, 'ours', join(root, 'script.cmd'))).toBe(false)
    expect(await invoke(IPC_OPEN_FILE, 'ours', join(outside, 'secret.pdf'))).toBe(false)
    expect(await invoke(IPC_OPEN_FILE, 'ours', join(root, '..', 'elsewhere.pdf'))).toBe(false)
    expect(electron.opened).toHaveLength(1)
  })
})

describe('choosing a folder', () => {
  // Issue #12 item 6: the office API writes packets and exports outside the data folder only
  // into a folder the user chose in this dialog; main learns of each choice here.
  it('reports the folder the user chose, and nothing for a cancelled dialog or a foreign page', async () => {
    electron.dialog.openAnswer = { canceled: false, filePaths: [outside] }
    expect(await invoke(IPC_PICK_FOLDER, 'ours', 'Choose', undefined)).toBe(outside)
    expect(await invoke(IPC_PICK_FOLDER, 'foreign', 'Choose', undefined)).toBeNull()
    electron.dialog.openAnswer = { canceled: true, filePaths: [] }
    expect(await invoke(IPC_PICK_FOLDER, 'ours', 'Choose', undefined)).toBeNull()
    expect(picked).toEqual([outside])
  })
})

describe('mail drafts and the SMTP password on the desktop', () => {
  it('opens only an .eml from the drafts folder, for our own page', async () => {
    expect(await invoke(IPC_OPEN_DRAFT, 'ours', join(root, 'drafts', 'INV-1042_Acme.eml'))).toBe(true)
    expect(await invoke(IPC_OPEN_DRAFT, 'ours', join(root, 'drafts', 'evil.cmd'))).toBe(false)
    expect(await invoke(IPC_OPEN_DRAFT, 'ours', join(root, 'packet.pdf'))).toBe(false)
    expect(await invoke(IPC_OPEN_DRAFT, 'foreign', join(root, 'drafts', 'INV-1042_Acme.eml'))).toBe(false)
    expect(electron.opened).toEqual([join(root, 'drafts', 'INV-1042_Acme.eml')])
  })

  it('has no channel of its own for the SMTP password (only mail.updateSettings, admin + PIN, stores it)', () => {
    expect([...electron.handlers.keys()].filter((k) => /password/i.test(k))).toEqual([])
  })
})
