import { randomUUID } from 'node:crypto'
import { parseMilli } from '../../../src-shared/domain/money'
import type { CloseoutInput } from '../../../src-shared/schemas/closeout'
import { sha256Hex, writeBundle, type BundleFile } from '../inbox/bundle-writer'
import {
  DEMO_DEVICE,
  DEMO_TECHNICIANS,
  DEMO_WORK,
  demoPhotoBytes,
  demoSignatureBytes,
  HOUR,
  officeTime,
  type DemoWork,
} from './demo-catalog'

/**
 * The closeouts waiting in the demo office's inbox: the last two days of field work, written
 * into `<shared>/inbox` exactly as the phone form writes them (spec section 2), so the real
 * inbox and rules decide each one. One of each thing a billing clerk meets on a normal morning.
 */
export interface DemoCloseout {
  jobId: string
  technicianId: string
  /** Finished that many days ago at that time on the office clock (a day earlier if that is still ahead). */
  finished: { daysAgo: number; at: string }
  work: DemoWork
  /** The status the rules should give it, and the finding that puts it there (for tests). */
  expect: { status: 'invoice-ready' | 'needs-approval' | 'needs-review'; finding?: string }
  signer?: string
  extra?: Partial<CloseoutInput>
}

const DAY = 24 * HOUR
const [repairCapacitor, repairIgniter, , repairFanMotor] = DEMO_WORK.repair
const [, maintenanceCoil] = DEMO_WORK.maintenance
const [installFurnace] = DEMO_WORK.install
const [plumbingHeater] = DEMO_WORK.plumbing

export const DEMO_CLOSEOUTS: DemoCloseout[] = [
  {
    jobId: 'J-1043',
    technicianId: 'T-08',
    finished: { daysAgo: 2, at: '10:52' },
    work: repairCapacitor!,
    signer: 'Ellen Carter',
    expect: { status: 'invoice-ready' },
    extra: {
      adjustments: [{ kind: 'trip-charge', description: 'Trip charge', amount: '49.00' }],
      // Ellen's technician shared the phone's location on the way out (optional: the rest did not).
      location: { lat: 42.04731, lon: -87.68452, accuracyM: 9 },
    },
  },
  {
    jobId: 'J-1044',
    technicianId: 'T-09',
    finished: { daysAgo: 2, at: '15:20' },
    work: plumbingHeater!,
    expect: { status: 'needs-approval', finding: 'signature-exception' },
    extra: {
      exceptions: [
        {
          kind: 'no-signature',
          reason: 'Customer not home; her tenant let us in. Invoice left on the kitchen counter.',
        },
      ],
    },
  },
  {
    jobId: 'J-1045',
    technicianId: 'T-07',
    finished: { daysAgo: 1, at: '09:40' },
    work: maintenanceCoil!,
    signer: 'Jun Park',
    expect: { status: 'invoice-ready' },
  },
  {
    jobId: 'J-1046',
    technicianId: 'T-08',
    finished: { daysAgo: 1, at: '12:15' },
    work: repairIgniter!,
    signer: 'Klaus Müller',
    expect: { status: 'needs-approval', finding: 'discount-over-limit' },
    extra: { discount: { percent: '15', reason: "Returning customer; matched a competitor's quote" } },
  },
  {
    jobId: 'J-1047',
    technicianId: 'T-09',
    finished: { daysAgo: 1, at: '16:05' },
    work: repairFanMotor!,
    signer: 'Dr. Anita Shah',
    expect: { status: 'invoice-ready' },
  },
  {
    jobId: 'J-1049',
    technicianId: 'T-08',
    finished: { daysAgo: 1, at: '16:45' },
    signer: 'Chris Whitfield',
    expect: { status: 'needs-review', finding: 'missing-photos' },
    // The serial number is typed in, but the plate photo never made it onto the closeout.
    work: { ...installFurnace!, photos: installFurnace!.photos.filter((p) => p.category !== 'serial-plate') },
  },
  {
    jobId: 'J-1050',
    technicianId: 'T-09',
    finished: { daysAgo: 0, at: '10:40' },
    signer: 'Ray Diaz',
    expect: { status: 'needs-approval', finding: 'parts-outside-estimate' },
    work: {
      tasks: ['Replaced pitted 2-pole contactor', 'Replaced weak run capacitor found during testing'],
      notes: 'Capacitor tested at 39 MFD of 45; replaced while on site rather than a second trip.',
      labor: [{ role: 'journeyman', hours: '1', billable: true, overtime: false }],
      parts: [
        { sku: 'CONT-2P40', description: 'Contactor 2-pole 40A 24V coil', quantity: 1 },
        { sku: 'CAP-45-5', description: '45/5 MFD dual run capacitor', quantity: 1 },
      ],
      photos: repairFanMotor!.photos,
    },
  },
  {
    // A job the office never dispatched: the front desk booked it by phone and the number was guessed.
    jobId: 'J-1064',
    technicianId: 'T-07',
    finished: { daysAgo: 0, at: '09:15' },
    signer: 'Maya Acme',
    expect: { status: 'needs-review', finding: 'unknown-job' },
    work: {
      ...repairCapacitor!,
      notes: 'Walk-in call from the Acme Dental front desk; no job on my phone, used the number on the work order.',
    },
  },
]

/** When the technician started and finished, on working hours before `now`. */
export function demoVisit(c: DemoCloseout, now: number): { started: number; completed: number } {
  const today = officeTime(now)
  let completed = Date.parse(`${today.slice(0, 10)}T${c.finished.at}:00${today.slice(19)}`) - c.finished.daysAgo * DAY
  while (completed > now - 30 * 60_000) completed -= DAY
  const longest = Math.max(...c.work.labor.map((l) => parseMilli(String(l.hours))), 1000)
  return { started: completed - (longest / 1000) * HOUR, completed }
}

/** The closeout document and its files, as the phone wrote them. */
export function demoBundle(
  c: DemoCloseout,
  now: number,
  submissionId = randomUUID(),
): { doc: CloseoutInput; files: BundleFile[] } {
  const { started, completed } = demoVisit(c, now)
  const doc: CloseoutInput = {
    schema: 'closeout/v1',
    submissionId,
    job: { id: c.jobId },
    technician: { id: c.technicianId, name: DEMO_TECHNICIANS[c.technicianId] },
    startedAt: officeTime(started),
    completedAt: officeTime(completed),
    workPerformed: { tasks: c.work.tasks, notes: c.work.notes },
    labor: c.work.labor,
    parts: c.work.parts,
    adjustments: [],
    serialNumbers: c.work.serialNumbers ?? [],
    attachments: c.work.photos.map((p) => ({
      file: `photos/${p.file}`,
      category: p.category,
      takenAt: officeTime(p.category === 'before' ? started + 10 * 60_000 : completed - 12 * 60_000),
    })),
    ...(c.signer
      ? { signature: { file: 'signature.png', signerName: c.signer, signedAt: officeTime(completed - 3 * 60_000) } }
      : {}),
    device: DEMO_DEVICE,
    ...c.extra,
  }
  const bytes = new Map<string, Buffer>([['closeout.json', Buffer.from(`${JSON.stringify(doc, null, 2)}\n`)]])
  for (const p of c.work.photos) bytes.set(`photos/${p.file}`, demoPhotoBytes(p.file))
  if (c.signer) bytes.set('signature.png', demoSignatureBytes())
  const files = [...bytes].map(([path, data]): BundleFile => ({
    path,
    size: data.length,
    sha256: sha256Hex(data),
    source: { bytes: data },
  }))
  return { doc, files }
}

/** Writes one closeout into `<shared>/inbox` as the phone does (temp folder, manifest last, one rename); returns its submission id. */
export function writeDemoCloseout(sharedDir: string, c: DemoCloseout, now: number): string {
  const { doc, files } = demoBundle(c, now)
  writeBundle(sharedDir, doc.submissionId, files, officeTime(Date.parse(doc.completedAt) + 4 * 60_000))
  return doc.submissionId
}

/** Writes every demo closeout into `<shared>/inbox`. */
export function writeDemoCloseouts(sharedDir: string, now: number): string[] {
  return DEMO_CLOSEOUTS.map((c) => writeDemoCloseout(sharedDir, c, now))
}
