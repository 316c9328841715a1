import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { scanInbox } from '../../src-main/core/inbox/inbox-scan'
import { openOffice } from '../../src-main/core/office'
import { loadDemoOffice } from '../../src-main/core/setup/demo'

/**
 * How long `serve --demo` (or "Load demo") makes a user wait before the office opens: the
 * company, twelve weeks of history through the rules and exports, the inbox bundles, and the
 * first scan that takes them in.
 */
export async function run(): Promise<void> {
  const loads: number[] = []
  const scans: number[] = []
  for (let i = 0; i < 3; i++) {
    const root = mkdtempSync(join(tmpdir(), 'closeout-bench-demo-'))
    try {
      const office = await openOffice({ dataDir: join(root, 'data'), sharedDir: join(root, 'shared') })
      let t = performance.now()
      await loadDemoOffice(office)
      loads.push(performance.now() - t)
      t = performance.now()
      await scanInbox(office)
      scans.push(performance.now() - t)
      await office.close()
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!.toFixed(0)
  console.log(`load demo office: median ${median(loads)} ms over 3 runs (${loads.map((x) => x.toFixed(0)).join(', ')})`)
  console.log(`first scan of its inbox: median ${median(scans)} ms over 3 runs`)
}
