import { join } from 'node:path'
import { runExport } from '../../src-main/core/exports/export-batches'
import { sendBatch } from '../../src-main/core/mail/send-batch'
import { importSetup } from '../../src-main/core/setup/setup-import'
import { addReadyJob, cloneJob, mapAdjustments, repairLines } from '../support/invoice-builder'
import { saveSmtpSettings, smtpCatcher } from '../support/smtp-catcher'
import { demoSetup, tempOffice } from '../support/temp-office'

const JOBS = 100

/** Sending a batch of 100 packets (PDF built per job) over one pooled connection to a local SMTP server. */
export async function run(): Promise<void> {
  const t = await tempOffice()
  const catcher = await smtpCatcher()
  try {
    await importSetup(t.office, demoSetup())
    mapAdjustments(t.office)
    for (let i = 0; i < JOBS; i++) {
      const id = `J-S${String(i).padStart(3, '0')}`
      cloneJob(t.office, 'J-1042', id)
      await addReadyJob(t.office, { jobId: id, lines: repairLines() })
    }
    const { batch } = await runExport(t.office, {
      format: 'qbo-csv',
      outDir: join(t.folders.root, 'out'),
      user: 'bench',
    })
    await saveSmtpSettings(t.office, catcher.port, {
      secure: false,
      from: 'Northside Billing <billing@northsidehvac.example>',
    })
    const s = performance.now()
    const result = await sendBatch(t.office, batch.id, { actor: 'bench', again: false })
    const elapsed = performance.now() - s
    console.log(
      `send a batch of ${JOBS} packets over SMTP:  ${elapsed.toFixed(0)} ms  (${result.sent} sent, ${result.failed} failed, ${catcher.messages.length} received; ${(elapsed / JOBS).toFixed(0)} ms per packet)`,
    )
  } finally {
    await catcher.close()
    await t.dispose()
  }
}
