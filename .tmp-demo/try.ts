import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openOffice } from '../src-main/core/office'
import { loadDemoOffice } from '../src-main/core/setup/demo'
import { scanInbox } from '../src-main/core/inbox/inbox-scan'
import { verifyEventLog } from '../src-main/core/approvals/event-log'
async function main() {
  const root = mkdtempSync(join(tmpdir(), 'demo-try-'))
  const office = await openOffice({ dataDir: join(root, 'data'), sharedDir: join(root, 'shared') })
  let t = performance.now()
  console.log(await loadDemoOffice(office))
  console.log('load ms', performance.now() - t)
  t = performance.now()
  const s = await scanInbox(office)
  console.log('scan', s.ingested, s.rejected, s.pending, s.failed, performance.now() - t)
  console.log(office.sqlite.prepare("SELECT status, count(*) n FROM jobs GROUP BY status").all())
  console.log(office.sqlite.prepare("SELECT j.id, j.status, s.findings_json FROM jobs j JOIN submissions s ON s.id = j.current_submission_id WHERE j.id BETWEEN 'J-1042' AND 'J-1070' ORDER BY j.id").all().map((r: any) => `${r.id} ${r.status} ${JSON.parse(r.findings_json).map((f: any) => f.code + ': ' + f.message).join(' | ')}`).join('\n'))
  console.log(office.sqlite.prepare("SELECT next_invoice_number FROM company").get())
  console.log(office.sqlite.prepare("SELECT count(*) n FROM export_batches").get())
  console.log(verifyEventLog(office.sqlite))
  console.log(root)
  await office.close()
}
main()
