import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHandlers, type Handlers } from '../../../src-main/core/api/handlers'
import { signedInApi } from '../../support/signed-in'
import { openOffice, type SqliteOffice } from '../../../src-main/core/office'
import { importDemoSetup } from '../../../src-main/core/setup/demo'

export interface DemoOffice {
  office: SqliteOffice
  handlers: Handlers
  root: string
  /** Calls a method through the same dispatcher the transports use: `{ ok, value | error }`. */
  call(
    method: string,
    input: unknown,
  ): Promise<
    | { ok: true; value: never }
    | { ok: false; error: { code: string; message: string; details: { path: string; message: string }[] } }
  >
  close(): Promise<void>
}

/** A real office in a temp folder with the demo company loaded. */
export async function openDemoOffice(): Promise<DemoOffice> {
  const root = mkdtempSync(join(tmpdir(), 'closeout-office-'))
  const office = await openOffice({ dataDir: join(root, 'data'), sharedDir: join(root, 'shared') })
  await importDemoSetup(office)
  const handlers = createHandlers(office)
  const api = await signedInApi(office)
  return {
    office,
    handlers,
    root,
    call: (method, input) => api.call(method, input) as never,
    async close() {
      await office.close()
      rmSync(root, { recursive: true, force: true })
    },
  }
}
