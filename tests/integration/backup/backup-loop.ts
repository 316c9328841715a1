import { join } from 'node:path'
import { createBackup } from '../../../src-main/core/backup/create-backup'
import { openOffice } from '../../../src-main/core/office'

/** Child process for the kill test: backs up again and again until it is killed. argv: data shared out-dir */
async function main(): Promise<void> {
  const [dataDir, sharedDir, outDir] = process.argv.slice(2) as [string, string, string]
  const office = await openOffice({ dataDir, sharedDir })
  process.stdout.write('ready\n')
  for (let i = 0; ; i++) {
    const out = join(outDir, `${process.pid}-${i}.closeout-backup`)
    await createBackup(office, { out, attachments: i % 2 === 0 ? 'inside' : 'blobs-folder' })
  }
}

void main()
