import type { SeatInfo } from '../../../src-shared/api/lan'
import { CloseoutError } from '../errors'
import type { Kysely } from 'kysely'
import type { EngineDb } from '../db/engine-db'
import type { Database } from '../db/schema'
import type { Office } from '../office'
import { readSettingAsync, writeSettingIn } from '../settings/settings-store'
import { readLanSettingsAsync } from './lan-info'

/**
 * The second seat: the office UI on the LAN, so another PC in the office can sign in from a
 * browser (docs/security.md). Off by default; an admin switches it on in Settings. The server
 * itself is a transport (src-main/http/second-seat.ts): the host that runs it (`serve`, the
 * desktop app) registers here, so a Settings change can start or stop it while the office runs.
 */
export const SECOND_SEAT_KEY = 'secondSeat'
export const DEFAULT_SEAT_PORT = 4790

export interface SecondSeatSettings {
  enabled: boolean
  port: number
}

/**
 * The saved setting, on either engine (or `{ db: trx }` in a transaction). On PostgreSQL it is in
 * the office's rows, so every seat's host reads the same one when it starts or applies a change;
 * unlike the technician form (form-seat.ts), no one seat is chosen to serve it yet.
 */
export async function readSecondSeatAsync(edb: Pick<EngineDb, 'db'>): Promise<SecondSeatSettings> {
  return secondSeatFrom(await readSettingAsync(edb, SECOND_SEAT_KEY))
}

function secondSeatFrom(value: unknown): SecondSeatSettings {
  const saved = (value ?? {}) as Partial<SecondSeatSettings>
  return {
    enabled: saved.enabled === true,
    port:
      Number.isInteger(saved.port) && Number(saved.port) >= 1024 && Number(saved.port) <= 65535
        ? Number(saved.port)
        : DEFAULT_SEAT_PORT,
  }
}

/** Saves the setting in `trx`; the seat's port may never be the technician form's (they stay apart). */
export async function writeSecondSeatIn(trx: Kysely<Database>, value: SecondSeatSettings): Promise<void> {
  const formPort = (await readLanSettingsAsync({ db: trx })).port
  if (value.port === formPort)
    throw new CloseoutError(
      'invalid-input',
      `Port ${value.port} is the technician form's: the office UI needs a port of its own`,
      [{ path: 'port', message: `must differ from the technician form's port ${formPort}` }],
    )
  await writeSettingIn(trx, SECOND_SEAT_KEY, { enabled: value.enabled, port: value.port })
}

/** What the host running the seat server does when the setting changes. */
export interface SeatHost {
  /** Starts, restarts or stops the listener to match the saved setting. */
  apply(): Promise<void>
  info(): SeatInfo
}

const hosts = new WeakMap<Office, SeatHost>()

export function registerSeatHost(office: Office, host: SeatHost): void {
  hosts.set(office, host)
}

export function unregisterSeatHost(office: Office, host: SeatHost): void {
  if (hosts.get(office) === host) hosts.delete(office)
}

/** After a Settings change: the running host follows it (a CLI command without a server has none). */
export async function applySecondSeat(office: Office): Promise<SeatInfo> {
  const host = hosts.get(office)
  if (host) await host.apply()
  return seatInfo(office)
}

export async function seatInfo(office: Office): Promise<SeatInfo> {
  const host = hosts.get(office)
  if (host) return host.info()
  const saved = await readSecondSeatAsync(office)
  return {
    enabled: saved.enabled,
    running: false,
    port: saved.port,
    urls: [],
    problem: saved.enabled ? 'Closeout is not running a server here' : null,
  }
}
