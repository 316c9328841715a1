import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openOffice } from '../../../src-main/core/office'
import { importSetup } from '../../../src-main/core/setup/setup-import'
import { addReadyJob, mapAdjustments, repairLines } from '../../support/invoice-builder'
import { runCli } from '../../support/run-cli'
import { demoSetup, tempFolders, type TempFolders } from '../../support/temp-office'

let f: TempFolders
const AS = ['--as', 'U-1', '--pin', '2468']
const cli = (...args: string[]) => runCli(['--data', f.dataDir, '--shared', f.sharedDir, ...args])

beforeAll(async () => {
  f = tempFolders()
  const office = await openOffice({ dataDir: f.dataDir, sharedDir: f.sharedDir })
  await importSetup(office, demoSetup())
  await addReadyJob(office, {
    jobId: 'J-1042',
    lines: repairLines(),
    photos: [{ fixture: 'before-1.jpg', category: 'before' }],
  })
  await addReadyJob(office, {
    jobId: 'J-1044',
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
  await office.close()
})
afterAll(() => f.cleanup())

describe('closeout export and packet', () => {
  it('blocks with every problem listed, then exports once, and never the same jobs twice', async () => {
    const out = join(f.root, 'out', 'north.iif')
    // An export changes the office: the command line says who runs it (issue #12).
    const anonymous = cli('export', '--format', 'qbd-iif', '--out', out)
    expect(anonymous.code).toBe(1)
    expect(anonymous.stderr).toContain('--as USER --pin PIN')
    const blocked = cli('export', '--format', 'qbd-iif', '--out', out, ...AS)
    expect(blocked.code).toBe(1)
    expect(blocked.stderr).toContain('jobs.J-1044: [missing-item-mapping] J-1044: line 3 "Trip charge"')
    expect(blocked.stderr).toMatch(/^closeout: 1 problem\(s\) block the export/m)
    expect(existsSync(out)).toBe(false)

    const office = await openOffice({ dataDir: f.dataDir, sharedDir: f.sharedDir })
    mapAdjustments(office)
    await office.close()
    const ok = cli('export', '--format', 'qbd-iif', '--out', out, '--json', ...AS)
    expect(ok.code).toBe(0)
    const result = JSON.parse(ok.stdout) as {
      batch: { id: number; jobs: { invoiceNumber: string }[]; files: { path: string; sha256: string }[] }
    }
    expect(result.batch.jobs.map((j) => j.invoiceNumber)).toEqual(['INV-1042', 'INV-1043'])
    expect(result.batch.files[0]!.path).toBe(out)
    expect(readFileSync(out, 'latin1').startsWith('!TRNS\t')).toBe(true)

    const again = cli('export', '--format', 'qbd-iif', '--out', join(f.root, 'out', 'again.iif'), ...AS)
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('nothing to export')
    expect(cli('export', '--format', 'pdf', '--out', out, ...AS).code).toBe(2)
  }, 180_000) // several CLI starts under tsx

  it('writes a packet folder for a job', () => {
    const r = cli('packet', 'J-1042', '--out', join(f.root, 'packets'))
    expect(r.code).toBe(0)
    // The customer's packet.pdf, the office copy with the hashes, and the job's other files.
    const wrote = /Wrote (.*INV-1042_Acme-Dental_\d{4}-\d{2}-\d{2}) \(4 page\(s\), 5 file\(s\)\)/.exec(r.stdout)
    expect(wrote, r.stdout).not.toBeNull()
    expect(readdirSync(wrote![1]!)).toEqual(expect.arrayContaining(['packet.pdf', 'office-copy.pdf']))
    expect(cli('packet', 'J-9999', '--out', join(f.root, 'packets')).stderr).toContain('There is no job J-9999')
  })
})
