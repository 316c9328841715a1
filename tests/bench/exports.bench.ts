import { join } from 'node:path'
import { runExport } from '../../src-main/core/exports/export-batches'
import { preflightExport } from '../../src-main/core/exports/export-plan'
import { writePacket } from '../../src-main/core/packets/packet-folder'
import { importSetup } from '../../src-main/core/setup/setup-import'
import { addReadyJob, cloneJob, mapAdjustments, repairLines } from '../support/invoice-builder'
import { demoSetup, tempOffice } from '../support/temp-office'

const PHOTOS = ['before-1', 'before-2', 'after-1', 'after-2', 'serial-plate-1', 'other-1'].map((f) => ({
  fixture: `${f}.jpg`,
  category: f.replace(/-\d$/, '') as 'before' | 'after' | 'serial-plate' | 'other',
}))

/** 1,000 invoice-ready jobs exported as one batch (goal < 2 s); a packet with 6 photos (goal < 300 ms). */
export async function run(): Promise<void> {
  const t = await tempOffice()
  try {
    await importSetup(t.office, demoSetup())
    mapAdjustments(t.office)
    for (let i = 0; i < 1000; i++) {
      const id = `J-B${String(i).padStart(4, '0')}`
      cloneJob(t.office, 'J-1042', id)
      await addReadyJob(t.office, {
        jobId: id,
        lines: [
          ...repairLines(),
          {
            kind: 'adjustment',
            adjustmentKind: 'trip-charge',
            description: 'Trip charge',
            quantityMilli: 1000,
            amountCents: 4900,
          },
        ],
      })
    }
    for (const format of ['qbo-csv', 'qbd-iif', 'xero-csv'] as const) {
      const s = performance.now()
      await preflightExport(t.office, format)
      console.log(`preflight ${format}, 1,000 jobs:            ${(performance.now() - s).toFixed(0)} ms`)
    }
    let s = performance.now()
    const { batch, receipts } = await runExport(t.office, {
      format: 'qbo-csv',
      outDir: join(t.folders.root, 'out'),
      user: 'bench',
    })
    console.log(
      `export 1,000 jobs (qbo-csv, ${batch.files.length} files):  ${(performance.now() - s).toFixed(0)} ms  (goal < 2000)`,
    )
    const exported = performance.now()
    await receipts
    console.log(
      `  ...and its 1,000 receipts rewritten by:   ${(performance.now() - s).toFixed(0)} ms (the receipts alone, after the export answered: ${(performance.now() - exported).toFixed(0)} ms; goal < 500)`,
    )

    await addReadyJob(t.office, { jobId: 'J-1045', lines: repairLines(), photos: PHOTOS })
    await writePacket(t.office, 'J-1045', join(t.folders.root, 'warm'))
    const times: number[] = []
    for (let i = 0; i < 5; i++) {
      s = performance.now()
      await writePacket(t.office, 'J-1045', join(t.folders.root, `packets-${i}`))
      times.push(performance.now() - s)
    }
    times.sort((a, b) => a - b)
    console.log(
      `packet with 6 photos (median of 5):        ${times[2]!.toFixed(0)} ms  (goal < 300; first, loading fonts: see warm-up)`,
    )
  } finally {
    await t.dispose()
  }
}
