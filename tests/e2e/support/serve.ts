import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openOffice } from '../../../src-main/core/office'
import { importDemoSetup } from '../../../src-main/core/setup/demo'

export interface ServedOffice {
  loginUrl: string
  url: string
  dataDir: string
  sharedDir: string
  output: () => string
  stop: () => Promise<void>
}

const ROOT = join(__dirname, '..', '..', '..')

/**
 * Starts `closeout serve` exactly as a user would (a real process, real folders, a free port)
 * and resolves once it has printed the office address.
 */
export async function serveOffice(
  extraArgs: string[] = ['--demo'],
  /** Fills the data folder before the server opens it (e.g. a seeded event history). */
  prepare?: (folders: { dataDir: string; sharedDir: string }) => Promise<void>,
  /** The shared folder inside the temp folder (the inbox screen shows its last parts). */
  sharedPath: string[] = ['shared'],
): Promise<ServedOffice> {
  const root = mkdtempSync(join(tmpdir(), 'closeout-e2e-'))
  const dataDir = join(root, 'data')
  const sharedDir = join(root, ...sharedPath)
  // A real shared folder exists before Closeout starts (Dropbox, a network drive): the inbox watcher expects it.
  mkdirSync(sharedDir, { recursive: true })
  if (prepare) await prepare({ dataDir, sharedDir })
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      join(ROOT, 'src-main', 'cli', 'main.ts'),
      '--data',
      dataDir,
      '--shared',
      sharedDir,
      'serve',
      '--office-port',
      '0',
      '--port',
      '0',
      ...extraArgs,
    ],
    // Choosing a data folder in Settings writes a pointer file; keep it in the test's folder, not this user's.
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CLOSEOUT_LOCATIONS: join(root, 'locations.json') },
    },
  )
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const loginUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in time:\n${output}`)), 90_000)
    const poll = setInterval(() => {
      const m = /Office:\s+(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(output)
      if (m) {
        clearTimeout(timer)
        clearInterval(poll)
        resolve(m[1]!)
      }
    }, 50)
    child.once('exit', (code) => {
      clearTimeout(timer)
      clearInterval(poll)
      reject(new Error(`serve exited with ${code}:\n${output}`))
    })
  })
  return {
    loginUrl,
    url: new URL(loginUrl).origin + '/',
    dataDir,
    sharedDir,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
      rmSync(root, { recursive: true, force: true })
    },
  }
}

/**
 * `closeout serve` with only the demo company (setup file) loaded: 20 scheduled jobs, empty
 * queues, no history. `serve --demo` brings the lived-in demo office instead.
 */
export function serveDemoCompany(): Promise<ServedOffice> {
  return serveOffice([], async ({ dataDir, sharedDir }) => {
    const office = await openOffice({ dataDir, sharedDir })
    try {
      await importDemoSetup(office)
    } finally {
      await office.close()
    }
  })
}
