import { openOffice } from '../../../src-main/core/office'
import { scanInbox } from '../../../src-main/core/inbox/inbox-scan'

/**
 * The process the crash-safety test kills: ingests the inbox until nothing is left to do.
 * argv: dataDir sharedDir. Prints "ready" once the database is open and "done" at the end.
 */
async function main(): Promise<void> {
  const [dataDir, sharedDir] = process.argv.slice(2)
  if (!dataDir || !sharedDir) throw new Error('usage: crash-child DATA SHARED')
  const office = await openOffice({ dataDir, sharedDir })
  process.stdout.write('ready\n')
  for (;;) {
    const s = await scanInbox(office)
    if (s.ingested + s.duplicates + s.rejected + s.failed === 0 && s.pending === 0) break
  }
  await office.close()
  process.stdout.write('done\n')
}

void main()
