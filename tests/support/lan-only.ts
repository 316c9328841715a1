import { join } from 'node:path'
import type { Sqlite } from '../../src-main/core/db/connection'
import { openFormState } from '../../src-main/core/db/seat-state.repo'
import { startFormServer, type LanServer } from '../../src-main/lan/server'
import { snapshotFormSource } from '../../src-main/lan/snapshot-source'

/** A `serve --lan-only` form server in this process: its own data folder, the office's shared folder. */
export interface LanOnlyServer {
  base: string
  dataDir: string
  state: Sqlite
  server: LanServer
  close(): Promise<void>
}

export async function startLanOnly(root: string, sharedDir: string): Promise<LanOnlyServer> {
  const dataDir = join(root, 'form-data')
  const state = openFormState(dataDir)
  const source = snapshotFormSource({ dataDir, sharedDir, state })
  const server = await startFormServer(source, { host: '127.0.0.1', port: 0, rendererOut: join(root, 'no-build') })
  return {
    base: `http://127.0.0.1:${server.port}`,
    dataDir,
    state,
    server,
    close: async () => {
      await server.close()
      state.close()
    },
  }
}
