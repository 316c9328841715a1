import type { SeatInfo } from '../../src-shared/api/lan'
import { endSessionsVia } from '../core/auth/office-sessions'
import { readLanSettingsAsync } from '../core/network/lan-info'
import {
  DEFAULT_SEAT_PORT,
  readSecondSeatAsync,
  registerSeatHost,
  unregisterSeatHost,
  type SeatHost,
  type SecondSeatSettings,
} from '../core/network/second-seat'
import type { Office } from '../core/office'
import { startSeatServer, type SeatServer } from './office-server'

export interface SecondSeat {
  info(): SeatInfo
  stop(): Promise<void>
}

/**
 * Runs the second seat for a host (`serve`, the desktop app) as the Settings say: started now if
 * it is on, started, moved or stopped whenever an admin changes it. Stopping it closes the port
 * and signs its sessions out.
 */
export async function manageSecondSeat(
  office: Office,
  options: { host?: string; uiDir?: string } = {},
): Promise<SecondSeat> {
  let server: SeatServer | null = null
  let problem: string | null = null
  let chain: Promise<void> = Promise.resolve()
  /** The setting as this host last applied it (read at each apply, on either engine). */
  let saved: SecondSeatSettings = { enabled: false, port: DEFAULT_SEAT_PORT }

  const sync = async () => {
    const wanted = (saved = await readSecondSeatAsync(office))
    if (server && (!wanted.enabled || server.port !== wanted.port)) {
      const old = server
      server = null
      await old.close()
      endSessionsVia(office, 'second-seat')
    }
    problem = null
    if (wanted.enabled && !server) {
      const lan = await readLanSettingsAsync(office)
      try {
        server = await startSeatServer(office, {
          host: options.host ?? lan.host,
          port: wanted.port,
          hostNames: lan.hostNames,
          ...(options.uiDir ? { uiDir: options.uiDir } : {}),
        })
      } catch (error) {
        const code = (error as { code?: string }).code
        problem =
          code === 'EADDRINUSE'
            ? `port ${wanted.port} is already in use on this PC; choose another`
            : code === 'EACCES'
              ? `this PC does not allow Closeout to listen on port ${wanted.port}; choose another`
              : `could not listen on port ${wanted.port} (${(error as Error).message})`
        console.error('[closeout] the second seat could not start:', error)
      }
    }
  }
  // Settings changes arrive one after another: each waits for the one before.
  const apply = () => (chain = chain.then(sync, sync))

  const host: SeatHost = {
    apply,
    info: () => {
      return {
        enabled: saved.enabled,
        running: server !== null,
        port: server?.port ?? saved.port,
        urls: server?.urls ?? [],
        problem: saved.enabled && !server ? (problem ?? 'not started yet') : null,
      }
    },
  }
  registerSeatHost(office, host)
  await apply()
  return {
    info: host.info,
    stop: async () => {
      unregisterSeatHost(office, host)
      await chain
      if (server) {
        const old = server
        server = null
        await old.close()
      }
      endSessionsVia(office, 'second-seat')
    },
  }
}
