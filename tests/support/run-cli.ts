import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { ROOT } from './temp-office'

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs the real `closeout` command line in a child process, as a user or a script would. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const result = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'src-main', 'cli', 'main.ts'), ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CLOSEOUT_DATA: '', CLOSEOUT_SHARED: '', CLOSEOUT_DATABASE: '', ...env },
      timeout: 60_000,
    },
  )
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}
