import { join } from 'node:path'
import { openOffice } from './src-main/core/office'
import { scanInbox } from './src-main/core/inbox/inbox-scan'
async function main() {
  const root = '/tmp/prof-root'
  const office = await openOffice({ dataDir: join(root, 'data'), sharedDir: join(root, 'shared') })
  const t = performance.now(); await scanInbox(office); console.log('ms', performance.now()-t)
  await office.close()
}
main()
