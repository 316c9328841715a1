import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openOffice } from '../src-main/core/office'
import { loadDemoOffice } from '../src-main/core/setup/demo'
import { scanInbox } from '../src-main/core/inbox/inbox-scan'
import { getMetrics } from '../src-main/core/metrics/metrics.service'
async function main() {
  const root = mkdtempSync(join(tmpdir(), 'demo-try-'))
  const office = await openOffice({ dataDir: join(root, 'data'), sharedDir: join(root, 'shared') })
  const now = Date.now()
  await loadDemoOffice(office, now)
  await scanInbox(office)
  const m = getMetrics(office, {}, now)
  for (const w of m.weekly) console.log(w.weekStart, w.invoiced, ((w.medianSeconds ?? 0) / 3600).toFixed(1), ((w.p90Seconds ?? 0) / 3600).toFixed(1))
  console.log(JSON.stringify(m.headline, null, 0).slice(0, 600))
  console.log(m.byJobType.map(r => r.name))
  await office.close()
}
main()
