import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { officeOwingAReceipt, type OfficeOwingAReceipt } from '../../support/owed-receipt'
import { runCli } from '../../support/run-cli'
import { ROOT } from '../../support/temp-office'

/**
 * The office saved a shared folder in Settings and still owes a technician a receipt (a crash
 * after the decision). Whatever starts the office next - a CLI command, `serve` - must write that
 * receipt into the saved shared folder the phone reads, never into the default one.
 */
let o: OfficeOwingAReceipt
beforeEach(async () => {
  o = await officeOwingAReceipt()
})
afterEach(() => o.dispose())

const env = () => ({ HOME: o.home, USERPROFILE: o.home, XDG_DATA_HOME: join(o.home, '.local', 'share') })

describe('receipts owed at start go to the shared folder saved in Settings', () => {
  it('a CLI command given only --data writes the owed receipt into the saved shared folder', () => {
    const result = runCli(['--data', o.dataDir, 'jobs', '--json'], env())

    expect(result.code, result.stderr).toBe(0)
    expect(o.receiptStatus()).toEqual({ saved: 'invoice-ready', inDefaultFolder: false })
  })

  it('`serve` given only --data writes the owed receipt into the saved shared folder and says so', async () => {
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
        join(ROOT, 'src-main', 'cli', 'main.ts'),
        '--data',
        o.dataDir,
        'serve',
        '--office-port',
        '0',
        '--port',
        '0',
      ],
      { cwd: ROOT, env: { ...process.env, CLOSEOUT_DATA: '', CLOSEOUT_SHARED: '', ...env() } },
    )
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 45_000)
        child.stdout.on('data', () => {
          if (!output.includes('Office:')) return
          clearTimeout(timer)
          resolve()
        })
        child.once('exit', () => reject(new Error(`serve exited:\n${output}`)))
      })
      expect(output).toContain(`Shared folder: ${o.savedShared}`)
      expect(o.receiptStatus()).toEqual({ saved: 'invoice-ready', inDefaultFolder: false })
    } finally {
      child.kill('SIGTERM')
      await exited
    }
  })
})
