import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { buildSync } from 'esbuild'

/** Bundles crash-child.ts into `dir` (a bundled child starts in ~100 ms instead of seconds under tsx). */
export function buildCrashChild(dir: string): string {
  const script = join(dir, 'crash-child.cjs')
  buildSync({
    entryPoints: [join(__dirname, 'crash-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: script,
    external: ['better-sqlite3', 'chokidar'],
    logLevel: 'error',
  })
  return script
}

export interface ChildRun {
  /** The child scanned until nothing was left and exited by itself. */
  finished: boolean
  /** It died of SIGKILL (ours, or its own under CLOSEOUT_TEST_KILL_ON). */
  killed: boolean
  stderr: string
}

/** Runs the crash child once; `killAfterMs` SIGKILLs it that long after it says "ready". */
export function runCrashChild(
  script: string,
  dataDir: string,
  shared: string,
  options: { killAfterMs?: number | null; env?: Record<string, string> } = {},
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, dataDir, shared], {
      stdio: ['ignore', 'pipe', 'pipe'],
      // The bundled script lives in a temp folder: let it find the native modules of this checkout.
      env: { ...process.env, NODE_PATH: join(__dirname, '..', '..', '..', 'node_modules'), ...options.env },
    })
    let out = ''
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    let timer: NodeJS.Timeout | null = null
    const killAfterMs = options.killAfterMs ?? null
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (killAfterMs !== null && !timer && out.includes('ready'))
        timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs)
    })
    child.on('error', reject)
    child.on('exit', (_code, signal) => {
      if (timer) clearTimeout(timer)
      resolve({ finished: out.includes('done'), killed: signal === 'SIGKILL', stderr })
    })
  })
}
