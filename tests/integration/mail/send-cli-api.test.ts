import { spawn } from 'node:child_process'
import { cpSync, existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runExport } from '../../../src-main/core/exports/export-batches'
import { readJobEventsAsync } from '../../../src-main/core/lifecycle/event-log'
import { openOffice } from '../../../src-main/core/office'
import { startOfficeServer } from '../../../src-main/http/office-server'
import { EXPORT_NOW, exportScenario } from '../../support/export-scenario'
import { runCli, type CliResult } from '../../support/run-cli'
import { DEMO_BILLING } from '../../support/signed-in'
import { saveSmtpSettings, smtpCatcher } from '../../support/smtp-catcher'
import { ROOT, tempFolders, type TempFolders } from '../../support/temp-office'

// Reading replies loosely: each assertion says the shape it expects.
type Envelope = {
  ok: boolean
  value: Record<string, unknown> & { to: string[] }
  error: { code: string; details: { path: string }[] }
}

let template: { dataDir: string; cleanup: () => Promise<void> }
const copies: TempFolders[] = []

beforeAll(async () => {
  const s = await exportScenario()
  await runExport(s.office, { format: 'qbo-csv', outDir: join(s.office.dataDir, 'out'), user: 'U-1' }, EXPORT_NOW)
  const dataDir = s.office.dataDir
  await s.office.close()
  template = { dataDir, cleanup: s.dispose }
})
afterAll(async () => {
  copies.forEach((c) => c.cleanup())
  await template.cleanup()
})

function copy(): TempFolders {
  const folders = tempFolders()
  cpSync(template.dataDir, folders.dataDir, { recursive: true })
  copies.push(folders)
  return folders
}
const AS_BILLING = ['--as', 'U-1', '--pin', '2468']
const cli = (f: TempFolders, args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCli(['--data', f.dataDir, '--shared', f.sharedDir, ...args], env)

/** The CLI without blocking this process: the SMTP server it talks to runs here. */
function cliAsync(f: TempFolders, args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      join(ROOT, 'src-main', 'cli', 'main.ts'),
      '--data',
      f.dataDir,
      '--shared',
      f.sharedDir,
      ...args,
    ],
    { cwd: ROOT, env: { ...process.env, CLOSEOUT_DATA: '', CLOSEOUT_SHARED: '', ...env } },
  )
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })))
}

describe('closeout send', () => {
  it('writes a draft for one job, prints its path, and refuses a second send without --again', async () => {
    const f = copy()
    // Issue #12: sending changes the office, so the CLI says who sends (as every mutating command).
    const nobody = cli(f, ['send', 'J-1042', '--to', 'ap@acmedental.example'])
    expect(nobody.code).toBe(1)
    expect(nobody.stderr).toMatch(/--as USER --pin PIN/)
    expect(cli(f, ['send', 'J-1042', '--as', 'U-1', '--pin', '0000']).code).toBe(1)
    const first = cli(f, ['send', 'J-1042', '--to', 'ap@acmedental.example', ...AS_BILLING])
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    const path = /written as a draft to ap@acmedental\.example: (.+\.eml)$/m.exec(first.stdout)?.[1]
    expect(path && existsSync(path)).toBe(true)
    expect(readFileSync(path!, 'utf8')).toMatch(/^X-Unsent: 1\r?$/m)

    const second = cli(f, ['send', 'J-1042', ...AS_BILLING])
    expect(second.code).toBe(1)
    expect(second.stderr).toMatch(/^closeout: INV-\d+ was already sent to ap@acmedental\.example at .*Send again/)

    const again = cli(f, ['send', 'J-1042', '--again', '--json', ...AS_BILLING])
    expect(again.code).toBe(0)
    expect(JSON.parse(again.stdout)).toMatchObject({ jobId: 'J-1042', to: ['frontdesk@acmedental.example'] })
    const office = await openOffice({ dataDir: f.dataDir, sharedDir: f.sharedDir })
    try {
      const sent = (await readJobEventsAsync(office.db, 'J-1042')).filter((e) => e.type === 'invoice-sent')
      expect(sent.map((e) => e.actor)).toEqual(['U-1', 'U-1'])
    } finally {
      await office.close()
    }
  })

  it('sends a whole batch over SMTP with the password from CLOSEOUT_SMTP_PASSWORD', async () => {
    const f = copy()
    const catcher = await smtpCatcher({ user: 'billing', password: 'pw from env' })
    try {
      const office = await openOffice({ dataDir: f.dataDir, sharedDir: f.sharedDir })
      await saveSmtpSettings(office, catcher.port, { user: 'billing', from: 'billing@northsidehvac.example' })
      await office.close()
      const r = await cliAsync(f, ['send', '--batch', '1', '--json', ...AS_BILLING], {
        CLOSEOUT_SMTP_PASSWORD: 'pw from env',
      })
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      const result = JSON.parse(r.stdout) as { sent: number; failed: number; jobs: { jobId: string }[] }
      expect(result).toMatchObject({ sent: 3, alreadySent: 0, failed: 0 })
      expect(catcher.messages.map((m) => m.envelopeTo[0]).sort()).toEqual([
        'frontdesk@acmedental.example',
        'k.mueller@example.com',
        'rosa.pena@example.com',
      ])
      const rerun = await cliAsync(f, ['send', '--batch', '1', ...AS_BILLING], {
        CLOSEOUT_SMTP_PASSWORD: 'pw from env',
      })
      expect(rerun.code).toBe(0)
      expect(rerun.stdout).toMatch(/Batch 1: 0 sent, 3 already sent, 0 failed/)
      expect(catcher.messages).toHaveLength(3)
    } finally {
      await catcher.close()
    }
  })

  it('usage errors exit 2', () => {
    const f = copy()
    expect(cli(f, ['send']).code).toBe(2)
    const bad = cli(f, ['send', 'J-1042', '--to', 'not-an-address'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('"not-an-address" is not an e-mail address')
    expect(cli(f, ['send', '--batch', 'x']).code).toBe(2)
  })
})

describe('the mail.* API over HTTP', () => {
  it('saves Settings > Mail, sends a job, and names the field of a bad input', async () => {
    const f = copy()
    const office = await openOffice({ dataDir: f.dataDir, sharedDir: f.sharedDir })
    const server = await startOfficeServer(office, { port: 0 })
    let session = ''
    const call = async (method: string, body: unknown) => {
      const res = await fetch(`${server.url.replace(/\/$/, '')}/api/${method}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${server.token}`,
          'content-type': 'application/json',
          'x-closeout': '1',
          ...(session ? { 'x-closeout-session': session } : {}),
        },
        body: JSON.stringify(body),
      })
      return (await res.json()) as Envelope
    }
    try {
      // The office API answers a script only once it signed in, as the demo's billing user here.
      session = String((await call('session.signIn', DEMO_BILLING)).value.sessionId)
      const bad = await call('mail.updateSettings', { mode: 'smtp', port: 70000, smtpPassword: 'x' })
      expect(bad.ok).toBe(false)
      expect(bad.error.details.map((d) => d.path).sort()).toEqual(['(root)', 'from', 'host', 'port'])
      // Changing how packets are e-mailed is an admin's (the demo's billing user acts as one), with their PIN.
      const noPin = await call('mail.updateSettings', { mode: 'draft', from: 'billing@northsidehvac.example' })
      expect(noPin.error.code).toBe('pin-required')
      const saved = await call('mail.updateSettings', {
        mode: 'draft',
        from: 'billing@northsidehvac.example',
        confirmPin: DEMO_BILLING.pin,
      })
      expect(saved.value).toMatchObject({
        settings: { mode: 'draft' },
        password: { variable: 'CLOSEOUT_SMTP_PASSWORD' },
      })

      const badTo = await call('mail.send', { jobId: 'J-1044', to: ['nope'] })
      expect(badTo.error.details[0]).toMatchObject({ path: 'to[0]' })

      const sent = await call('mail.send', { jobId: 'J-1044' })
      expect(sent.ok).toBe(true)
      expect(sent.value.to).toEqual(['rosa.pena@example.com'])
      const twice = await call('mail.send', { jobId: 'J-1044' })
      expect(twice.error.code).toBe('already-sent')
      const events = (await readJobEventsAsync(office.db, 'J-1044')).filter((e) => e.type === 'invoice-sent')
      expect(events).toHaveLength(1)
      expect(events[0]!.actor).toBe('U-1')
    } finally {
      await server.close()
      await office.close()
    }
  })
})
