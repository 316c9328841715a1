import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'

/**
 * The desktop shell itself, driven by Playwright's Electron support. It needs the Electron
 * binary (downloaded on first `npm start` on a networked machine) and an Electron-ABI
 * better-sqlite3 in .electron-sqlite/; where either is missing the test skips and says why.
 * Looks for the binary the way node_modules/electron does, without triggering its download.
 */
const ROOT = join(__dirname, '..', '..')

function electronBinary(): string | null {
  const pathFile = join(ROOT, 'node_modules', 'electron', 'path.txt')
  if (!existsSync(pathFile)) return null
  const exe = join(ROOT, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(exe) ? exe : null
}

const binary = electronBinary()
const binding = join(ROOT, '.electron-sqlite', 'build', 'Release', 'better_sqlite3.node')
const missing = !binary
  ? 'the Electron binary is not installed (node_modules/electron/path.txt + dist/); run `npm start` once on a networked machine'
  : !existsSync(binding)
    ? 'no Electron-ABI better-sqlite3 in .electron-sqlite/; run `npm start` once on a networked machine'
    : !existsSync(join(ROOT, 'out', 'main', 'index.js'))
      ? 'the app is not built; run `npm run build`'
      : null

if (missing) console.log(`[electron.spec] skipped: ${missing}`)

test('the desktop window opens sandboxed on the first-run sign-in, with the API bridged over IPC', async () => {
  test.skip(missing !== null, missing ?? '')
  const root = mkdtempSync(join(tmpdir(), 'closeout-electron-'))
  const app = await electron.launch({
    executablePath: binary!,
    args: [ROOT],
    env: {
      ...process.env,
      CLOSEOUT_DATA: join(root, 'data'),
      CLOSEOUT_SHARED: join(root, 'shared'),
      CLOSEOUT_SQLITE_BINDING: binding,
      CLOSEOUT_LOCATIONS: join(root, 'locations.json'),
    },
  })
  try {
    const window = await app.firstWindow()
    // An office with no users yet opens on creating its first admin, before any screen.
    await expect(window.getByRole('heading', { name: 'Welcome to Closeout' })).toBeVisible()
    const page = await window.evaluate(() => {
      const g = globalThis as unknown as { closeout?: { transport?: string }; require?: unknown; process?: unknown }
      return { transport: g.closeout?.transport, require: typeof g.require, process: typeof g.process }
    })
    // contextIsolation + sandbox: the page sees only the bridge, never Node.
    expect(page).toEqual({ transport: 'ipc', require: 'undefined', process: 'undefined' })
    expect(window.url()).toMatch(/^app:\/\/office\//)
  } finally {
    await app.close()
    rmSync(root, { recursive: true, force: true })
  }
})
