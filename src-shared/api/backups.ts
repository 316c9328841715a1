import { z } from 'zod'

/** Settings > Backups and the health line: where backups go, the last one, and restore. */

const CountsSchema = z.object({
  jobs: z.number(),
  closeouts: z.number(),
  batches: z.number(),
  attachments: z.number(),
  events: z.number(),
})

export const BackupStatusSchema = z.object({
  folder: z.string(),
  last: z.object({ at: z.string(), file: z.string(), size: z.number() }).nullable(),
  lastError: z.object({ at: z.string(), message: z.string() }).nullable(),
  running: z.boolean(),
  /** No backup yet, or the last good one is older than two days: a Needs-attention item. */
  needsAttention: z.boolean(),
  /** On PostgreSQL: what backs the office up instead (pg_dump on the server); null on the SQLite file. */
  postgres: z.string().nullable(),
})
export type BackupStatus = z.infer<typeof BackupStatusSchema>

const PathSchema = z.string().trim().min(1, 'must not be empty').max(1000)
/** Both changes are an admin's, confirmed with their own PIN (docs/security.md). */
const ConfirmPinSchema = z
  .string()
  .regex(/^\d{4,8}$/, 'enter your PIN (4 to 8 digits) to confirm')
  .optional()

export const backupsMethods = {
  /** The backup folder, the last backup's time and size, the last failure, and whether it needs attention. */
  'backups.status': { input: z.strictObject({}).default({}), output: BackupStatusSchema },
  /** Backs up now into the backup folder (the automatic kind), then rotates. */
  'backups.runNow': {
    input: z.strictObject({}).default({}),
    output: z.object({ file: z.string(), size: z.number(), createdAt: z.string(), counts: CountsSchema }),
  },
  /** Chooses the backup folder (outside the data folder); an admin, confirming with their PIN. */
  'backups.setFolder': {
    input: z.strictObject({ folder: PathSchema, confirmPin: ConfirmPinSchema }),
    output: BackupStatusSchema,
  },
  /** Restores a backup file into an empty data folder and proves it; the office to open next. An admin, with their PIN. */
  'backups.restore': {
    input: z.strictObject({ file: PathSchema, dataDir: PathSchema, confirmPin: ConfirmPinSchema }),
    output: z.object({
      dataDir: z.string(),
      backupCreatedAt: z.string(),
      counts: CountsSchema,
      migrated: z.array(z.string()),
      eventLogRows: z.number(),
      attachmentsVerified: z.number(),
    }),
  },
} as const
