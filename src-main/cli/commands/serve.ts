import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Option, type Command } from 'commander'
import { CloseoutError } from '../../core/errors'
import { loadDemoOffice } from '../../core/setup/demo'
import { startOfficeServer } from '../../http/office-server'
import { startLanServer } from '../../lan/server'
import { hostForm } from '../../lan/form-host'
import { manageSecondSeat } from '../../http/second-seat'
import { startOfficeSnapshot } from '../../lan/office-snapshot-writer'
import { startInboxWatcher } from '../../core/inbox/watcher'
import { startBackupScheduler } from '../../core/backup/backup-scheduler'
import { openFromOptions, type GlobalOptions } from '../context'
import { untilStopped } from '../until-stopped'
import { demoUsers, signInScreen } from '../../core/auth/sign-in-screen'
import { serveLanOnly } from './serve-lan-only'

function portOption(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new CloseoutError('invalid-input', `--port: "${value}" is not a port number (0-65535)`)
  return n
}

function secondsOption(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > 86_400)
    throw new CloseoutError('invalid-input', `--rescan: "${value}" is not a number of seconds (1-86400)`)
  return n
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description(
      'headless office: inbox watcher, the technician form on the LAN, the office UI on 127.0.0.1, and the office UI on the LAN when an admin switched the second seat on in Settings (prints the addresses)',
    )
    .option('--port <n>', 'technician form port on the LAN (default: the saved setting, else 8787)', portOption)
    .option('--office-port <n>', 'office UI port on 127.0.0.1 (0 picks a free one)', portOption, 4780)
    .addOption(
      new Option('--demo', 'use a demo data folder with a believable HVAC company (unless --data is given)').conflicts(
        'lanOnly',
      ),
    )
    .addOption(
      new Option(
        '--lan-only',
        "only the technician form, writing bundles into the shared folder; sign-in and jobs come from the office's snapshot there (no office database, no inbox)",
      ).conflicts('officePort'),
    )
    .option('--rescan <seconds>', 'full inbox rescan period in seconds (default 60)', secondsOption)
    .action(async (opts: { port?: number; officePort: number; demo?: boolean; lanOnly?: boolean; rescan?: number }) => {
      const global = program.opts<GlobalOptions>()
      if (opts.lanOnly) return serveLanOnly(global, opts.port)
      const options: GlobalOptions = { ...global }
      if (opts.demo) {
        const root = join(tmpdir(), 'closeout-demo')
        options.data ??= join(root, 'data')
        options.shared ??= join(root, 'shared')
      }
      const office = await openFromOptions(options)
      if (opts.demo) {
        const loaded = await loadDemoOffice(office)
        if (loaded)
          process.stdout.write(
            'Loaded the demo company (Northside Heating & Air): 12 weeks of history, and the last two days of closeouts in the inbox.\n',
          )
      }
      const server = await startOfficeServer(office, { port: opts.officePort })
      const inbox = await startInboxWatcher(office, opts.rescan === undefined ? {} : { rescanMs: opts.rescan * 1000 })
      const backups = startBackupScheduler(office)
      const snapshot = await startOfficeSnapshot(office)
      // On PostgreSQL only the seat chosen in Settings serves the phones (core/network/form-seat.ts).
      const form = await hostForm(office, () =>
        startLanServer(office, opts.port === undefined ? {} : { port: opts.port }),
      )
      // Off unless an admin switched it on in Settings: the office UI for other PCs on the LAN.
      const seat = await manageSecondSeat(office)
      process.stdout.write(`Data folder:   ${office.dataDir}\n`)
      process.stdout.write(`Shared folder: ${office.sharedDir}\n`)
      process.stdout.write(`Office:        ${server.loginUrl}\n`)
      const lan = form.server()
      if (lan) for (const url of lan.urls) process.stdout.write(`Phone form:    ${url}\n`)
      else
        process.stdout.write(
          `Phone form:    served by ${(await form.servedBy())?.name ?? 'another seat'} (Settings > Phone form moves it here)\n`,
        )
      const seatNow = seat.info()
      for (const url of seatNow.urls) process.stdout.write(`Second seat:   ${url}\n`)
      if (seatNow.problem) process.stdout.write(`Second seat:   not listening: ${seatNow.problem}\n`)
      const demoPeople = await demoUsers(office)
      if (demoPeople.length) {
        process.stdout.write('Sign in to the demo office as:\n')
        for (const u of demoPeople) process.stdout.write(`  ${u.name.padEnd(28)} ${u.id.padEnd(6)} PIN ${u.pin}\n`)
      } else if ((await signInScreen(office)).firstRun)
        process.stdout.write('No office users yet: the office address opens on creating the first admin.\n')
      process.stdout.write('Press Ctrl+C to stop.\n')
      const why = await untilStopped()
      process.stdout.write(`Stopping (${why}): finishing the current work…\n`)
      // Stop taking work first (phones, the office UI), then let the inbox finish its group.
      await form.stop()
      await seat.stop()
      await server.close()
      await inbox.stop()
      snapshot.stop()
      await backups.stop()
      await office.close()
      process.stdout.write('Stopped cleanly.\n')
    })
}
