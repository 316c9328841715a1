import { createHash, randomUUID } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { openOffice, type SqliteOffice } from '../../../src-main/core/office'
import { startOffice } from '../../../src-main/core/office-start'
import { importSetup } from '../../../src-main/core/setup/setup-import'
import { scanInbox } from '../../../src-main/core/inbox/inbox-scan'
import { hashPin } from '../../../src-main/core/auth/pin'
import type { Receipt } from '../../../src-shared/schemas/bundle'
import { demoSetup, tempFolders, type TempFolders } from '../../support/temp-office'

/**
 * A real office with the demo company (resources/demo/setup.json) and a way to send it real
 * bundles through the real inbox. The demo setup is imported once into a template database
 * (PIN hashing is slow on purpose) and copied for each test.
 */
export interface ApprovalsOffice {
  office: SqliteOffice
  folders: TempFolders
  /** Delivers a bundle for `doc` (merged over a routine J-1043 closeout) and ingests it. */
  submit(doc?: Record<string, unknown>): Promise<string>
  receipt(submissionId: string): Receipt
  job(id: string): {
    status: string
    total_cents: number | null
    current_submission_id: string | null
    void_reason: string | null
  }
  events(jobId: string, type?: string): { id: number; type: string; actor: string; data: Record<string, unknown> }[]
  /** Adds an office user (for second approvers and a technician who is also a supervisor). */
  addUser(id: string, name: string, roles: string[], pin: string): Promise<void>
  reopen(): Promise<SqliteOffice>
  dispose(): Promise<void>
}

let template: { folders: TempFolders; file: string } | null = null

async function templateDatabase(): Promise<string> {
  if (template) return template.file
  const folders = tempFolders('closeout-approvals-template-')
  const office = await openOffice({ dataDir: folders.dataDir, sharedDir: folders.sharedDir })
  await importSetup(office, demoSetup())
  await office.close()
  template = { folders, file: join(folders.dataDir, 'closeout.sqlite') }
  return template.file
}

export function disposeTemplate(): void {
  template?.folders.cleanup()
  template = null
}

/**
 * The routine closeout of demo job J-1043 (Service repair for Maple Grove Apartments, who
 * require a signature; Cook County tax 9%): 1.5 h journeyman (187.50) + one CAP-45-5 from the
 * price book (38.00), before and after photos, signed. Subtotal 225.50, tax 9% of 38.00 = 3.42,
 * total 228.92, under the 400.00 not-to-exceed and within the estimate.
 */
export function routineDoc(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schema: 'closeout/v1',
    submissionId: randomUUID(),
    job: { id: 'J-1043' },
    technician: { id: 'T-08', name: 'Priya Natarajan' },
    completedAt: '2026-11-25T14:03:00-06:00',
    workPerformed: { tasks: ['Replaced run capacitor'], notes: '' },
    labor: [{ role: 'journeyman', hours: '1.5', billable: true, overtime: false }],
    parts: [{ sku: 'CAP-45-5', description: '45/5 MFD dual run capacitor', quantity: 1 }],
    adjustments: [],
    attachments: [
      { file: 'photos/before-1.jpg', category: 'before' },
      { file: 'photos/after-1.jpg', category: 'after' },
    ],
    signature: { file: 'signature.png', signerName: 'Pat Doe' },
    ...overrides,
  }
}

/** Demo job J-1044's estimated parts (a water heater replacement), one of each, as a closeout lists them. */
export const J1044_PARTS = [
  { sku: 'WH-40G', description: '40 gal gas water heater', quantity: 1 },
  { sku: 'EXP-TANK', description: 'Expansion tank', quantity: 1 },
  { sku: 'TP-VALVE', description: 'T&P relief valve', quantity: 1 },
  { sku: 'GAS-FLEX', description: 'Gas flex connector', quantity: 1 },
]

function fileBytes(path: string): Buffer {
  return Buffer.from(path.endsWith('.png') ? `\x89PNG\r\n\x1a\n${path}` : `\xff\xd8\xff${path}`, 'latin1')
}

function writeBundle(inbox: string, doc: Record<string, unknown>): void {
  const id = doc.submissionId as string
  const temp = join(inbox, `.tmp-${id}`)
  const files = new Map<string, Buffer>([['closeout.json', Buffer.from(JSON.stringify(doc))]])
  for (const a of (doc.attachments as { file: string }[] | undefined) ?? []) files.set(a.file, fileBytes(a.file))
  const signature = doc.signature as { file: string } | null | undefined
  if (signature) files.set(signature.file, fileBytes(signature.file))
  for (const [path, data] of files) {
    mkdirSync(dirname(join(temp, path)), { recursive: true })
    writeFileSync(join(temp, path), data)
  }
  const manifest = {
    schema: 'closeout-manifest/v1',
    submissionId: id,
    createdAt: '2026-11-25T14:05:12-06:00',
    files: [...files].map(([path, data]) => ({
      path,
      size: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
    })),
  }
  writeFileSync(join(temp, 'manifest.json'), JSON.stringify(manifest))
  renameSync(temp, join(inbox, id))
}

export async function approvalsOffice(): Promise<ApprovalsOffice> {
  const source = await templateDatabase()
  const folders = tempFolders('closeout-approvals-')
  mkdirSync(folders.dataDir, { recursive: true })
  copyFileSync(source, join(folders.dataDir, 'closeout.sqlite'))
  let office = await openOffice({ dataDir: folders.dataDir, sharedDir: folders.sharedDir })
  const h: ApprovalsOffice = {
    get office() {
      return office
    },
    folders,
    async submit(overrides = {}) {
      const doc = routineDoc(overrides)
      const inbox = join(folders.sharedDir, 'inbox')
      mkdirSync(inbox, { recursive: true })
      writeBundle(inbox, doc)
      const summary = await scanInbox(office)
      if (summary.ingested !== 1) throw new Error(`bundle not ingested: ${JSON.stringify(summary.outcomes)}`)
      return doc.submissionId as string
    },
    receipt(submissionId) {
      const path = join(folders.sharedDir, 'receipts', `${submissionId}.json`)
      if (!existsSync(path)) throw new Error(`no receipt ${path}`)
      return JSON.parse(readFileSync(path, 'utf8')) as Receipt
    },
    job(id) {
      return office.sqlite
        .prepare('SELECT status, total_cents, current_submission_id, void_reason FROM jobs WHERE id = ?')
        .get(id) as ReturnType<ApprovalsOffice['job']>
    },
    events(jobId, type) {
      const rows = office.sqlite
        .prepare('SELECT id, type, actor, data_json FROM job_events WHERE job_id = ? ORDER BY id')
        .all(jobId) as { id: number; type: string; actor: string; data_json: string }[]
      return rows
        .filter((r) => !type || r.type === type)
        .map((r) => ({
          id: r.id,
          type: r.type,
          actor: r.actor,
          data: JSON.parse(r.data_json) as Record<string, unknown>,
        }))
    },
    async addUser(id, name, roles, pin) {
      office.sqlite
        .prepare('INSERT INTO users (id, name, roles_json, pin_hash, active) VALUES (?, ?, ?, ?, 1)')
        .run(id, name, JSON.stringify(roles), await hashPin(pin))
    },
    async reopen() {
      await office.close()
      office = await openOffice({ dataDir: folders.dataDir, sharedDir: folders.sharedDir })
      await startOffice(office)
      return office
    },
    async dispose() {
      await office.close()
      folders.cleanup()
    },
  }
  return h
}
