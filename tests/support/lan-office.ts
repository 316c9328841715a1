import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openOffice, type SqliteOffice } from '../../src-main/core/office'
import { importDemoSetup } from '../../src-main/core/setup/demo'
import { startLanServer, type LanServer } from '../../src-main/lan/server'

/** The demo company's office with the technician form's LAN server on 127.0.0.1, in temp folders. */
export interface LanOffice {
  root: string
  dataDir: string
  sharedDir: string
  office: SqliteOffice
  server: LanServer
  base: string
  /** Restarts the office and the server on the same folders (counters must survive); the port may change. */
  restart(): Promise<void>
  /** Starts the server again on the same port after `server.close()` (the office PC came back). */
  restartServer(): Promise<void>
  close(): Promise<void>
}

/** `rendererOut`: the built form to serve (default: none, for API-only tests). */
export async function startLanOffice(options: { rendererOut?: string; prefix?: string } = {}): Promise<LanOffice> {
  const root = mkdtempSync(join(tmpdir(), options.prefix ?? 'closeout-lan-'))
  const dataDir = join(root, 'data')
  const sharedDir = join(root, 'shared')
  const rendererOut = options.rendererOut ?? join(root, 'no-build')
  const h = { root, dataDir, sharedDir } as LanOffice
  const listen = async (port: number) => {
    h.server = await startLanServer(h.office, { host: '127.0.0.1', port, rendererOut })
    h.base = `http://127.0.0.1:${h.server.port}`
  }
  const open = async () => {
    h.office = await openOffice({ dataDir, sharedDir })
    await importDemoSetup(h.office)
    await listen(0)
  }
  await open()
  h.restart = async () => {
    await h.server.close()
    await h.office.close()
    await open()
  }
  h.restartServer = () => listen(h.server.port)
  h.close = async () => {
    // A test may have closed the server already (the office PC "went down").
    await h.server.close().catch(() => undefined)
    await h.office.close()
    rmSync(root, { recursive: true, force: true })
  }
  return h
}
