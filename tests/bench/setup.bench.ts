import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openOffice } from '../../src-main/core/office'
import { importSetup } from '../../src-main/core/setup/setup-import'
import { exportSetup } from '../../src-main/core/setup/setup-export'

/** Setup import into an empty data folder (dominated by scrypt PIN hashing) and export. */
export async function run(): Promise<void> {
  const doc = JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'resources', 'demo', 'setup.json'), 'utf8'),
  ) as unknown
  const root = mkdtempSync(join(tmpdir(), 'closeout-bench-'))
  try {
    const office = await openOffice({ dataDir: join(root, 'data'), sharedDir: join(root, 'shared') })
    let t = performance.now()
    await importSetup(office, doc)
    console.log(`setup import (demo, empty folder): ${(performance.now() - t).toFixed(0)} ms`)
    t = performance.now()
    await importSetup(office, doc)
    console.log(`setup import again (no changes):   ${(performance.now() - t).toFixed(0)} ms`)
    t = performance.now()
    await exportSetup(office)
    console.log(`setup export:                      ${(performance.now() - t).toFixed(1)} ms`)
    await office.close()
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}
