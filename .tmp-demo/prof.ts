import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openOffice } from '../src-main/core/office'
import { loadDemoOffice } from '../src-main/core/setup/demo'
async function main() {
  const root = mkdtempSync(join(tmpdir(), 'demo-try-'))
  const office = await openOffice({ dataDir: join(root, 'data'), sharedDir: join(root, 'shared') })
  const t = performance.now()
  await loadDemoOffice(office)
  console.log('all', performance.now() - t)
  await office.close()
}
main()
