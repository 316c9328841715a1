import { createHash, randomUUID } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'packets')
const photo = (name: string) => readFileSync(join(FIXTURES, name))

type Doc = Record<string, unknown>

const signed = (name: string) => ({ signature: { file: 'signature.png', signerName: name, signedAt: '2026-11-24T15:10:00-06:00' } })
const photos = (...names: [string, string][]) => ({ attachments: names.map(([file, category]) => ({ file: `photos/${file}`, category, takenAt: '2026-11-24T14:20:00-06:00' })) })

/**
 * A morning's worth of closeouts for the demo company, one per situation the office meets:
 * clean ones that go straight to invoice-ready, and the exceptions (discount, missing
 * signature, long labor, warranty, a missing photo). Photos are real JPEGs from the fixtures.
 */
export const DEMO_CLOSEOUTS: { jobId: string; doc: Doc }[] = [
  {
    jobId: 'J-1043',
    doc: {
      technician: { id: 'T-08', name: 'Priya Natarajan' },
      completedAt: '2026-11-24T10:52:00-06:00',
      workPerformed: { tasks: ['Replaced failed run capacitor', 'Verified condenser amperage'], notes: 'Capacitor bulged. Unit cooling normally after replacement.' },
      labor: [{ role: 'journeyman', hours: '1.5' }],
      parts: [{ sku: 'CAP-45-5', description: '45/5 MFD dual run capacitor', quantity: 1 }],
      ...photos(['before-1.jpg', 'before'], ['after-1.jpg', 'after']),
      ...signed('Ellen Carter'),
    },
  },
  {
    jobId: 'J-1042',
    doc: {
      technician: { id: 'T-07', name: 'Sam Ortiz' },
      startedAt: '2026-11-23T08:05:00-06:00',
      completedAt: '2026-11-23T16:40:00-06:00',
      workPerformed: { tasks: ['Removed old condenser', 'Set new 3-ton condenser on pad', 'Brazed line set, pressure tested, evacuated'], notes: 'Customer asked for a loyalty discount; approved on site pending office.' },
      labor: [
        { role: 'journeyman', hours: '8' },
        { role: 'apprentice', hours: '8' },
      ],
      parts: [
        { sku: 'AC-3T', description: '3-ton condenser', quantity: 1 },
        { sku: 'COIL-3T', description: '3-ton evaporator coil', quantity: 1 },
        { sku: 'LINESET-25', description: 'Line set 25 ft', quantity: 1 },
        { sku: 'PAD-CONC', description: 'Condenser pad', quantity: 1 },
        { sku: 'DISC-60A', description: '60A disconnect', quantity: 1 },
      ],
      discount: { percent: '15', reason: 'Loyalty discount, 10-year customer' },
      serialNumbers: ['4TTR4036L1000AA-2611'],
      ...photos(['before-2.jpg', 'before'], ['after-2.jpg', 'after'], ['serial-plate-1.jpg', 'serial-plate']),
      ...signed('Dr. Maya Acme'),
    },
  },
  {
    jobId: 'J-1044',
    doc: {
      technician: { id: 'T-09', name: 'Marcus Bell' },
      completedAt: '2026-11-23T17:15:00-06:00',
      workPerformed: { tasks: ['Replaced 40-gallon water heater', 'Installed expansion tank'], notes: 'Old tank leaking at the base.' },
      labor: [{ role: 'journeyman', hours: '4' }],
      parts: [
        { sku: 'WH-40G', description: '40 gal gas water heater', quantity: 1 },
        { sku: 'EXP-TANK', description: 'Expansion tank', quantity: 1 },
        { sku: 'TP-VALVE', description: 'T&P valve', quantity: 1 },
        { sku: 'GAS-FLEX', description: 'Gas flex connector', quantity: 1 },
      ],
      signature: null,
      exceptions: [{ kind: 'no-signature', reason: 'Customer at work; tenant let us in. Invoice left on the counter.' }],
      ...photos(['before-1.jpg', 'before'], ['after-1.jpg', 'after']),
    },
  },
  {
    jobId: 'J-1045',
    doc: {
      technician: { id: 'T-07', name: 'Sam Ortiz' },
      completedAt: '2026-11-24T09:10:00-06:00',
      workPerformed: { tasks: ['Seasonal maintenance', 'Replaced filter'], notes: '' },
      labor: [{ role: 'journeyman', hours: '1' }],
      parts: [],
      attachments: [],
    },
  },
  {
    jobId: 'J-1046',
    doc: {
      technician: { id: 'T-08', name: 'Priya Natarajan' },
      completedAt: '2026-11-24T18:30:00-06:00',
      workPerformed: { tasks: ['Diagnosed intermittent no-heat', 'Replaced inducer motor', 'Cleaned flame sensor'], notes: 'Took longer than planned: inducer seized and mounting bolts rusted.' },
      labor: [{ role: 'journeyman', hours: '7.5' }],
      parts: [{ sku: 'CAP-10', description: '10 MFD fan capacitor', quantity: 1 }],
      ...photos(['before-2.jpg', 'before'], ['after-2.jpg', 'after']),
      ...signed('Klaus Müller'),
    },
  },
  {
    jobId: 'J-1047',
    doc: {
      technician: { id: 'T-09', name: 'Marcus Bell' },
      completedAt: '2026-11-24T15:05:00-06:00',
      workPerformed: { tasks: ['Replaced failed control board under warranty'], notes: 'Board installed 8 months ago. Manufacturer warranty claim.' },
      warrantyClaim: true,
      labor: [{ role: 'journeyman', hours: '1' }],
      parts: [],
      ...photos(['before-1.jpg', 'before'], ['other-1.jpg', 'after']),
      ...signed('Jordan Lee'),
    },
  },
  {
    jobId: 'J-1048',
    doc: {
      technician: { id: 'T-07', name: 'Sam Ortiz' },
      completedAt: '2026-11-25T09:40:00-06:00',
      workPerformed: { tasks: ['Seasonal maintenance'], notes: 'All readings normal.' },
      labor: [{ role: 'journeyman', hours: '1' }],
      parts: [],
      ...photos(['after-1.jpg', 'after']),
    },
  },
]

function bundleFiles(doc: Doc): Map<string, Buffer> {
  const files = new Map<string, Buffer>([['closeout.json', Buffer.from(JSON.stringify(doc, null, 2))]])
  for (const a of (doc.attachments as { file: string }[] | undefined) ?? []) files.set(a.file, photo(a.file.replace('photos/', '')))
  if (doc.signature) files.set('signature.png', photo('signature.png'))
  return files
}

/** Writes one bundle the way the phone does (spec section 2): temp folder, manifest last, rename. */
export function deliverCloseout(sharedDir: string, jobId: string, doc: Doc, options: { corruptManifest?: boolean } = {}): string {
  const submissionId = randomUUID()
  const full: Doc = { schema: 'closeout/v1', submissionId, job: { id: jobId }, adjustments: [], ...doc }
  const files = bundleFiles(full)
  const inbox = join(sharedDir, 'inbox')
  const temp = join(inbox, `.tmp-${submissionId}`)
  for (const [path, data] of files) {
    mkdirSync(dirname(join(temp, path)), { recursive: true })
    writeFileSync(join(temp, path), data)
  }
  const manifest = {
    schema: 'closeout-manifest/v1',
    submissionId,
    createdAt: (full.completedAt as string) ?? '2026-11-25T10:00:00-06:00',
    files: [...files].map(([path, data]) => ({ path, size: data.length, sha256: createHash('sha256').update(options.corruptManifest ? Buffer.from('x') : data).digest('hex') })),
  }
  writeFileSync(join(temp, 'manifest.json'), JSON.stringify(manifest))
  renameSync(temp, join(inbox, submissionId))
  return submissionId
}

/** Every demo closeout, plus one damaged bundle so the rejected list has something to show. */
export function deliverDemoCloseouts(sharedDir: string, options: { withRejected?: boolean } = {}): string[] {
  const ids = DEMO_CLOSEOUTS.map((c) => deliverCloseout(sharedDir, c.jobId, c.doc))
  if (options.withRejected) ids.push(deliverCloseout(sharedDir, 'J-1049', DEMO_CLOSEOUTS[0]!.doc, { corruptManifest: true }))
  return ids
}
