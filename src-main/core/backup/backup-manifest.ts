import { z } from 'zod'
import { CloseoutError } from '../errors'
import type { ArchiveIndex } from './archive-reader'

/**
 * `manifest.json`, the last entry of every backup file: what the backup holds, with sizes and
 * hashes. It is written after everything it describes, so a file without it (or with anything
 * after it but the end marker) is not a complete backup.
 */
export const MANIFEST_ENTRY = 'manifest.json'
export const DATABASE_ENTRY = 'closeout.sqlite.gz'
export const BACKUP_EXTENSION = '.closeout-backup'

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits')

export const BackupCountsSchema = z.object({
  jobs: z.number().int().min(0),
  closeouts: z.number().int().min(0),
  batches: z.number().int().min(0),
  attachments: z.number().int().min(0),
  events: z.number().int().min(0),
})
export type BackupCounts = z.infer<typeof BackupCountsSchema>

export const BackupManifestSchema = z.object({
  schema: z.literal('closeout-backup/v1'),
  createdAt: z.string(),
  closeoutVersion: z.string(),
  /** The database migrations applied in the backed-up office, oldest first (its schema version). */
  migrations: z.array(z.string()),
  database: z.object({ entry: z.literal(DATABASE_ENTRY), size: z.number().int().min(0), sha256: Sha256 }),
  /**
   * Where the attachment blobs are: `inside` this file as `attachments/ab/cd/<sha256>`, or in the
   * `blobs/ab/cd/<sha256>` folder beside it (the backup folder's shared, content-addressed store).
   */
  attachmentsStored: z.enum(['inside', 'blobs-folder']),
  attachments: z.array(z.object({ sha256: Sha256, size: z.number().int().min(0) })),
  counts: BackupCountsSchema,
  /** The newest export batch in the backup (automatic backups run again after each new one). */
  lastBatchId: z.number().int().min(0),
})
export type BackupManifest = z.infer<typeof BackupManifestSchema>

export function attachmentEntryName(sha256: string): string {
  return `attachments/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`
}

/** The manifest entry of a complete backup, or the reason the file is not one. */
export function manifestEntryOf(index: ArchiveIndex, file: string): ArchiveIndex['entries'][number] {
  const last = index.entries.at(-1)
  if (!index.ended || last?.name !== MANIFEST_ENTRY) {
    throw new CloseoutError(
      'backup-incomplete',
      `${file} is not a complete Closeout backup (${index.problem ?? 'its manifest, written last, is missing'})`,
    )
  }
  return last
}

export function parseManifest(data: Buffer, file: string): BackupManifest {
  let json: unknown
  try {
    json = JSON.parse(data.toString('utf8'))
  } catch {
    throw new CloseoutError('backup-incomplete', `${file}: manifest.json is not JSON`)
  }
  const parsed = BackupManifestSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new CloseoutError('backup-invalid', `${file}: manifest.json ${issue.path.join('.')}: ${issue.message}`, [
      { path: issue.path.join('.'), message: issue.message },
    ])
  }
  return parsed.data
}
