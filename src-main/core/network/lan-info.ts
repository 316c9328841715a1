import { networkInterfaces } from 'node:os'
import QRCode from 'qrcode'
import type { LanInfo } from '../../../src-shared/api/lan'
import type { EngineDb } from '../db/engine-db'
import type { Office } from '../office'
import { readSettingAsync } from '../settings/settings-store'

export interface LanListening {
  host: string
  port: number
}

/**
 * The LAN server (src-main/lan) registers where it listens here, so the office API (which
 * lives in core and may not import a transport) can tell the Settings screen the address.
 */
const listening = new WeakMap<Office, LanListening[]>()

export function addLanListening(office: Office, value: LanListening): void {
  listening.set(office, [...(listening.get(office) ?? []), value])
}

export function removeLanListening(office: Office, value: LanListening): void {
  listening.set(
    office,
    (listening.get(office) ?? []).filter((v) => v !== value),
  )
}

/** The first server still running for this office (normally the only one). */
export function getLanListening(office: Office): LanListening | null {
  return listening.get(office)?.[0] ?? null
}

export interface LanAddress {
  interface: string
  address: string
}

/** IPv4 addresses of the machine's non-internal interfaces: where a phone on the Wi-Fi can reach us. */
export function lanAddresses(host = '0.0.0.0'): LanAddress[] {
  const out: LanAddress[] = []
  for (const [name, entries] of Object.entries(networkInterfaces())) {
    for (const entry of entries ?? []) {
      if (entry.internal || entry.family !== 'IPv4') continue
      if (host !== '0.0.0.0' && host !== '::' && entry.address !== host) continue
      out.push({ interface: name, address: entry.address })
    }
  }
  return out
}

export interface LanSettings {
  host: string
  port: number
  /** Extra names phones may use for this PC ("office-pc.local"); its LAN IPs are always allowed. */
  hostNames: string[]
}

export const DEFAULT_LAN_PORT = 8787

/** settings('lan') = {"host","port","hostNames"}; the defaults: every LAN interface, port 8787. */
export async function readLanSettingsAsync(edb: Pick<EngineDb, 'db'>): Promise<LanSettings> {
  return lanSettingsFrom(await readSettingAsync(edb, 'lan'))
}

function lanSettingsFrom(value: unknown): LanSettings {
  const saved = (value ?? {}) as Partial<LanSettings>
  return {
    host: typeof saved.host === 'string' && saved.host ? saved.host : '0.0.0.0',
    port: Number.isInteger(saved.port) ? Number(saved.port) : DEFAULT_LAN_PORT,
    hostNames: Array.isArray(saved.hostNames) ? saved.hostNames.filter((n): n is string => typeof n === 'string') : [],
  }
}

export async function lanInfo(office: Office): Promise<LanInfo> {
  const now = getLanListening(office)
  const configured = now ? null : await readLanSettingsAsync(office)
  const host = now?.host ?? configured?.host ?? '0.0.0.0'
  const port = now?.port ?? configured?.port ?? DEFAULT_LAN_PORT
  const addresses = await Promise.all(
    lanAddresses(host).map(async (a) => {
      const url = `http://${a.address}:${port}/`
      return { ...a, url, qrDataUrl: await QRCode.toDataURL(url, { margin: 1, width: 240, errorCorrectionLevel: 'M' }) }
    }),
  )
  return {
    running: now !== null,
    port,
    host,
    addresses,
    pinHelp:
      "Each technician signs in with their own PIN, set under Settings → Technicians (or in the setup file's technicians[].pin).",
  }
}
