import { hostname } from 'node:os'
import { lanAddresses } from '../core/network/lan-info'

/**
 * DNS rebinding defence: a page on evil.example that re-points its name at this PC still sends
 * `Host: evil.example`, so only names that mean "this machine" are served. The list is
 * recomputed now and then because DHCP can hand the PC a new address while it runs.
 */
export class HostAllowlist {
  private names = new Set<string>()
  private computedAt = 0

  constructor(private readonly extraNames: readonly string[] = []) {}

  allows(hostHeader: string | undefined, now = Date.now()): boolean {
    if (!hostHeader) return false
    const name = hostOnly(hostHeader)
    if (name === null) return false
    if (now - this.computedAt > 30_000) this.refresh(now)
    if (this.names.has(name)) return true
    // A new DHCP lease shows up before the next refresh (at most every 2 s, so a flood of
    // foreign Host headers cannot make every request enumerate the interfaces).
    if (now - this.computedAt < 2_000) return false
    this.refresh(now)
    return this.names.has(name)
  }

  private refresh(now: number): void {
    const names = new Set(['localhost', '127.0.0.1', '::1'])
    for (const { address } of lanAddresses()) names.add(address)
    const machine = hostname().toLowerCase()
    if (machine) {
      names.add(machine)
      names.add(`${machine}.local`)
    }
    for (const extra of this.extraNames) names.add(extra.toLowerCase())
    this.names = names
    this.computedAt = now
  }
}

/** "Example.COM:8787" -> "example.com"; "[::1]:8787" -> "::1"; null when malformed. */
export function hostOnly(header: string): string | null {
  const value = header.trim().toLowerCase()
  if (value.startsWith('[')) {
    const end = value.indexOf(']')
    return end > 1 ? value.slice(1, end) : null
  }
  const colon = value.lastIndexOf(':')
  const name = colon >= 0 ? value.slice(0, colon) : value
  if (colon >= 0 && !/^\d{1,5}$/.test(value.slice(colon + 1))) return null
  return name.endsWith('.') ? name.slice(0, -1) : name
}

/**
 * Whether a browser's `Origin` is this very server as the request addressed it: same name and
 * same port. Another port on the same name (the office UI on 127.0.0.1, any local web app) is
 * another origin even though SameSite cookies still flow to it.
 */
export function isSameOrigin(origin: string, hostHeader: string | undefined): boolean {
  try {
    const from = new URL(origin)
    const to = new URL(`http://${hostHeader ?? ''}`)
    return from.protocol === 'http:' && to.host !== '' && from.host === to.host
  } catch {
    return false
  }
}
