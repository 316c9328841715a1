import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'

const ROOT = join(__dirname, '..', '..', '..')

/** A long-running `closeout serve …` child process, as an installed copy runs it. */
export class CloseoutProcess {
  output = ''
  private constructor(private readonly child: ChildProcess) {}

  static start(args: string[]): CloseoutProcess {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'closeout.js'), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CLOSEOUT_DATA: '', CLOSEOUT_SHARED: '' },
    })
    const p = new CloseoutProcess(child)
    const keep = (chunk: Buffer) => {
      p.output = (p.output + chunk.toString('utf8')).slice(-50_000)
    }
    child.stdout?.on('data', keep)
    child.stderr?.on('data', keep)
    return p
  }

  /** The port of the phone form, once the server prints its address. */
  async formPort(ms = 60_000): Promise<number> {
    const until = Date.now() + ms
    while (Date.now() < until) {
      const found = /Phone form:\s+http:\/\/[^:]+:(\d+)\//.exec(this.output)
      if (found) return Number(found[1])
      if (this.child.exitCode !== null) break
      await new Promise((r) => setTimeout(r, 200))
    }
    throw new Error(`closeout serve did not start:\n${this.output}`)
  }

  /** Resolves once the output matches `pattern` (fails with the output if the process ends first). */
  async waitFor(pattern: RegExp, ms = 60_000): Promise<RegExpExecArray> {
    const until = Date.now() + ms
    while (Date.now() < until) {
      const found = pattern.exec(this.output)
      if (found) return found
      if (this.child.exitCode !== null || this.child.signalCode !== null) break
      await new Promise((r) => setTimeout(r, 100))
    }
    throw new Error(`closeout did not print ${pattern}:\n${this.output}`)
  }

  /** Whether the process still runs. */
  running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null
  }

  /** SIGKILL, as a power cut or the task manager does: no clean-up runs. Resolves once it is gone. */
  async kill(): Promise<void> {
    if (!this.running()) return
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()))
    this.child.kill('SIGKILL')
    await gone
  }

  /** SIGTERM (a clean stop), then the exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)))
    this.child.kill('SIGTERM')
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000))
    const result = await Promise.race([exited, timeout])
    if (result === 'timeout') {
      this.child.kill('SIGKILL')
      return null
    }
    return result
  }
}

/** One short `closeout …` command to its end: exit code and everything it printed. */
export function runCloseout(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'closeout.js'), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CLOSEOUT_DATA: '', CLOSEOUT_SHARED: '' },
    })
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
    child.once('exit', (code) => resolve({ code, output }))
  })
}
