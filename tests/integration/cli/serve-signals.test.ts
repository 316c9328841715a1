import { spawn, execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'

const ROOT = join(__dirname, '..', '..', '..')
let root = ''
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true })
})

/** Every process below `pid` (the shell npm starts, and the command under it). */
function descendants(pid: number): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
  const children = new Map<number, number[]>()
  for (const line of out.trim().split('\n')) {
    const [p, pp] = line.trim().split(/\s+/).map(Number) as [number, number]
    children.set(pp, [...(children.get(pp) ?? []), p])
  }
  const all: number[] = []
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      all.push(c)
      walk(c)
    }
  }
  walk(pid)
  return all
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (check()) return true
    await new Promise((r) => setTimeout(r, 200))
  }
  return check()
}

describe('serve shuts down cleanly on a signal, whoever sends it (issue #16, 7)', () => {
  it.each([
    ['SIGTERM', 'npm alone (kill PID, a service manager)', false],
    ['SIGINT', 'the whole process group (Ctrl+C in a terminal)', true],
    ['SIGTERM', 'the whole process group', true],
  ] as const)(
    '%s to %s stops the real server under `npm run`: ports closed, WAL checkpointed, clean exit',
    async (signal, _who, group) => {
      root = mkdtempSync(join(tmpdir(), 'closeout-signals-'))
      const data = join(root, 'data')
      const shared = join(root, 'shared')
      mkdirSync(join(shared, 'inbox'), { recursive: true })
      const npm = spawn(
        'npm',
        [
          'run',
          '-s',
          'closeout',
          '--',
          '--data',
          data,
          '--shared',
          shared,
          'serve',
          '--office-port',
          '0',
          '--port',
          '0',
        ],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
      )
      let out = ''
      npm.stdout.on('data', (d: Buffer) => (out += d.toString()))
      npm.stderr.on('data', (d: Buffer) => (out += d.toString()))
      expect(await waitFor(() => out.includes('Press Ctrl+C'), 90_000)).toBe(true)
      const below = descendants(npm.pid as number)
      expect(below.length).toBeGreaterThan(0)
      const officeUrl = /Office:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1] as string

      // npm alone: the shell it runs the script in and the server under it hear nothing directly.
      process.kill(group ? -(npm.pid as number) : (npm.pid as number), signal)
      const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)))
      expect(await waitFor(() => below.every((p) => !alive(p)), 20_000)).toBe(true)
      await exited
      expect(out).toContain('Stopped cleanly.')
      await expect(fetch(officeUrl)).rejects.toThrow()
      const wal = join(data, 'closeout.sqlite-wal')
      expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true)
      const db = new Database(join(data, 'closeout.sqlite'), { readonly: true })
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      db.close()
    },
    150_000,
  )

  it('SIGTERM to npm alone stops serve --lan-only too: form port closed, its WAL checkpointed, clean exit', async () => {
    root = mkdtempSync(join(tmpdir(), 'closeout-signals-'))
    const data = join(root, 'form-data')
    const shared = join(root, 'shared')
    mkdirSync(join(shared, 'inbox'), { recursive: true })
    const npm = spawn(
      'npm',
      ['run', '-s', 'closeout', '--', '--data', data, '--shared', shared, 'serve', '--lan-only', '--port', '0'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    )
    let out = ''
    npm.stdout.on('data', (d: Buffer) => (out += d.toString()))
    npm.stderr.on('data', (d: Buffer) => (out += d.toString()))
    expect(await waitFor(() => out.includes('Press Ctrl+C'), 90_000)).toBe(true)
    const below = descendants(npm.pid as number)
    const formUrl = /Phone form:\s+(http:\/\/[^\s]+)/.exec(out)?.[1] as string
    const port = new URL(formUrl).port
    // Answering before the signal, refusing connections after it.
    expect((await fetch(`http://127.0.0.1:${port}/api/technicians`)).status).toBe(503)

    process.kill(npm.pid as number, 'SIGTERM')
    const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)))
    expect(await waitFor(() => below.every((p) => !alive(p)), 20_000)).toBe(true)
    await exited
    expect(out).toContain('Stopped cleanly.')
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow()
    const wal = join(data, 'form-server.sqlite-wal')
    expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true)
  }, 150_000)
})
