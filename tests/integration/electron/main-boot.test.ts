import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { METHOD_NAMES } from '../../../src-shared/api/contract'
import { IPC_CALL } from '../../../src-shared/api/events'

const ROOT = join(__dirname, '..', '..', '..')
const MAIN = join(ROOT, 'out', 'main', 'index.js')
let root = ''

/** The members of the renderer's DesktopBridge interface (src-renderer/office/app/api.ts), read from its source. */
function desktopBridgeMembers(): string[] {
  const source = readFileSync(join(ROOT, 'src-renderer', 'office', 'app', 'api.ts'), 'utf8')
  const body = /export interface DesktopBridge \{([\s\S]*?)\n\}/.exec(source)?.[1] ?? ''
  return [...body.matchAll(/^\s+(\w+)\(/gm)].map((m) => m[1]!).sort()
}

beforeAll(() => {
  // `npm test` builds before the tests; running this file alone needs `npx electron-vite build`.
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npx electron-vite build\` first`)
})
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true })
})

function boot(): Promise<{ report: Record<string, unknown>; output: string }> {
  root = mkdtempSync(join(tmpdir(), 'closeout-electron-'))
  mkdirSync(join(root, 'shared', 'inbox'), { recursive: true })
  const child = spawn(
    process.execPath,
    [join(ROOT, 'tests', 'support', 'electron-boot.cjs'), MAIN, join(root, 'user-data'), JSON.stringify(METHOD_NAMES)],
    {
      cwd: ROOT,
      env: { ...process.env, CLOSEOUT_DATA: join(root, 'data'), CLOSEOUT_SHARED: join(root, 'shared') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  child.stdout.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr.on('data', (d: Buffer) => (output += d.toString()))
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => {
      const line = /REPORT (.*)/.exec(output)?.[1]
      if (code !== 0 || !line) reject(new Error(`the main process did not boot (exit ${code}):\n${output}`))
      else resolve({ report: JSON.parse(line) as Record<string, unknown>, output })
    }),
  )
}

describe('the desktop entry, booted in Node with a stand-in electron module (issue #16)', () => {
  it('opens the real office, registers app://, binds the office API over IPC, opens a locked-down window and quits cleanly', async () => {
    const { report } = await boot()
    expect(report.databaseExists).toBe(true)
    expect(report.privileged).toEqual([
      [{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) as unknown }],
    ])
    expect(report.protocolHandled).toEqual(['app'])
    expect(report.ipcChannels).toContain(IPC_CALL)
    expect(report.window).toMatchObject({
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true },
      loaded: ['app://office/office/index.html'],
    })
    expect(report.preloadExists).toBe(true)
    // Every desktop helper the office UI is typed to call (DesktopBridge) is exposed by the preload
    // and reaches a channel main handles: Save as, Open packet and the mail draft work on the desktop.
    const desktop = report.desktop as Record<string, string | null>
    expect(Object.keys(desktop).sort()).toEqual(desktopBridgeMembers())
    for (const [helper, channel] of Object.entries(desktop))
      expect({ helper, handled: channel !== null && (report.ipcChannels as string[]).includes(channel) }).toEqual({
        helper,
        handled: true,
      })
    expect(report.unknownMethod).toBe('unknown-method')
    expect(report.stranger).toBe('forbidden')
    // Every contract method reaches dispatch over IPC: a bad input is named, never "unknown method".
    const answers = report.answers as Record<string, string | undefined>
    expect(Object.keys(answers).sort()).toEqual([...METHOD_NAMES].sort())
    for (const [method, code] of Object.entries(answers))
      expect({ method, code }).not.toMatchObject({ code: 'unknown-method' })
    expect(report.quit).toEqual({ prevented: true, quitCalls: 1 })
  }, 120_000)
})
