import fs from 'node:fs'
import { openOffice } from '../../../src-main/core/office'
import { scanInbox } from '../../../src-main/core/inbox/inbox-scan'

/**
 * The process the crash tests kill: ingests the inbox until nothing is left to do.
 * argv: dataDir sharedDir. Prints "ready" once the database is open and "done" at the end.
 * CLOSEOUT_TEST_KILL_ON=<submission id>: the process SIGKILLs itself while reading that
 * bundle's closeout.json, as a bundle that crashes the office would.
 */
async function main(): Promise<void> {
  const [dataDir, sharedDir] = process.argv.slice(2)
  if (!dataDir || !sharedDir) throw new Error('usage: crash-child DATA SHARED')
  const victim = process.env.CLOSEOUT_TEST_KILL_ON
  if (victim) {
    const read = fs.readFileSync
    fs.readFileSync = ((path: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
      if (typeof path === 'string' && path.includes(victim) && path.endsWith('closeout.json'))
        process.kill(process.pid, 'SIGKILL')
      return (read as (...args: unknown[]) => unknown)(path, ...rest)
    }) as typeof fs.readFileSync
  }
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
