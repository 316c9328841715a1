import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ReceiptSchema, type Manifest } from '../../src-shared/schemas/bundle'
import type { CloseoutAnswer } from '../../src-shared/api/lan'
import type { FormSource } from './form-source'

export interface KnownBundle {
  /** Folder holding the bundle now, or null when only the database remembers it. */
  folder: string | null
  files: Manifest['files'] | null
  technicianId: string | null
}

/**
 * Where the office already has a submission: the inbox, the archive, rejected/, or the
 * submissions table (whose bundle may have been archived anywhere). Used for idempotency and
 * to answer receipts only to the technician who sent them.
 */
export async function findBundle(source: FormSource, submissionId: string): Promise<KnownBundle | null> {
  const shared = source.sharedDir
  const row = await source.knownSubmission(submissionId)
  const candidates = [
    join(shared, 'inbox', submissionId),
    ...(row?.archivedPath ? [join(shared, ...row.archivedPath.split('/'))] : []),
    ...archiveFolders(shared, submissionId),
    join(shared, 'rejected', submissionId),
  ]
  for (const folder of candidates) {
    if (!existsSync(join(folder, 'manifest.json'))) continue
    const files = readManifestFiles(folder)
    return { folder, files, technicianId: row?.technicianId ?? readTechnician(folder) }
  }
  if (row) return { folder: null, files: null, technicianId: row.technicianId }
  return null
}

function archiveFolders(shared: string, submissionId: string): string[] {
  const archive = join(shared, 'archive')
  if (!existsSync(archive)) return []
  return readdirSync(archive)
    .filter((month) => /^\d{4}-\d{2}$/.test(month))
    .sort()
    .reverse()
    .map((month) => join(archive, month, submissionId))
}

function readManifestFiles(folder: string): Manifest['files'] | null {
  try {
    const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Partial<Manifest>
    return Array.isArray(manifest.files) ? manifest.files : null
  } catch {
    return null
  }
}

function readTechnician(folder: string): string | null {
  try {
    const doc = JSON.parse(readFileSync(join(folder, 'closeout.json'), 'utf8')) as { technician?: { id?: unknown } }
    return typeof doc.technician?.id === 'string' ? doc.technician.id : null
  } catch {
    return null
  }
}

/** `receipts/<id>.json` when the office has written one, else "waiting for the office". */
export function answerFor(sharedDir: string, submissionId: string): CloseoutAnswer {
  const path = join(sharedDir, 'receipts', `${submissionId}.json`)
  if (existsSync(path)) {
    try {
      const parsed = ReceiptSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')))
      if (parsed.success) return { submissionId, status: parsed.data.status, receipt: parsed.data }
    } catch {
      // A receipt mid-rewrite or damaged by a sync service: report what we know for sure.
    }
  }
  return { submissionId, status: 'waiting', receipt: null }
}
