import { createInterface } from 'node:readline'
import { parseDatabaseOption } from '../../src-main/core/db/pg/engine'
import { listInbox, scanInbox } from '../../src-main/core/inbox/inbox-scan'
import { sharedLayout } from '../../src-main/core/inbox/layout'
import { openOffice } from '../../src-main/core/office'

/**
 * One seat of the multi-seat ingest bench (ingest-seats.bench.ts), in a process of its own as on
 * its own PC: opens the office on PostgreSQL, says "ready", and on "go" scans the shared inbox
 * until nothing is left in it, then says "done <ms> <ingested>".
 * Arguments: data folder, shared folder, attachments folder, connection string.
 */
async function main(): Promise<void> {
  const [dataDir, sharedDir, attachmentsDir, url] = process.argv.slice(2)
  if (!dataDir || !sharedDir || !attachmentsDir || !url)
    throw new Error('usage: seat-child DATA SHARED ATTACHMENTS URL')
  const office = await openOffice({ dataDir, sharedDir, attachmentsDir, database: parseDatabaseOption(url) })
  const inbox = sharedLayout(office).inbox
  process.stdout.write('ready\n')
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() !== 'go') continue
    const started = performance.now()
    let ingested = 0
    // Another seat may hold the last folders: look again until the inbox is empty.
    while (listInbox(inbox).length > 0) {
      const summary = await scanInbox(office, { timings: { settleMs: 0, stallMs: 24 * 3_600_000 } })
      ingested += summary.ingested
      if (summary.ingested === 0) await new Promise((r) => setTimeout(r, 50))
    }
    process.stdout.write(`done ${(performance.now() - started).toFixed(0)} ${ingested}\n`)
    break
  }
  await office.close()
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`)
  process.exit(1)
})
