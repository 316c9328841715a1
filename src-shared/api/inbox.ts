import { z } from 'zod'
import { REJECTION_REASONS } from '../schemas/bundle'

const PathMessageSchema = z.object({ path: z.string(), message: z.string() })

/** The inbox health line and its lists (spec/shared-folder-v1.md sections 2 and 4). */
export const InboxHealthSchema = z.object({
  /** The watched folder, `<shared>/inbox`. */
  folder: z.string(),
  mode: z.enum(['watching', 'polling']),
  /** False when no watcher runs in this process (e.g. the CLI). */
  running: z.boolean(),
  /** False while the shared folder is offline (network drive, sync client). */
  available: z.boolean(),
  lastScanAt: z.string().nullable(),
  pending: z.number().int(),
  stalled: z.array(
    z.object({ folder: z.string(), path: z.string(), since: z.string(), missing: z.array(PathMessageSchema) }),
  ),
  /** Bundles held in the inbox for the office (spec v1.1): Reprocess tries them again. */
  needsAttention: z.array(
    z.object({
      /** The folder's name in the inbox, which Reprocess takes. */
      folder: z.string(),
      path: z.string(),
      reason: z.enum(['ingest-crashed']),
      message: z.string(),
      since: z.string(),
    }),
  ),
  rejected: z.array(
    z.object({
      /** The name under `<shared>/rejected/`, which Reprocess takes. */
      folder: z.string(),
      /** Absolute path, for "Show in folder". */
      path: z.string(),
      reason: z.enum(REJECTION_REASONS),
      details: z.array(PathMessageSchema),
      at: z.string(),
    }),
  ),
})
export type InboxHealth = z.infer<typeof InboxHealthSchema>

export const InboxReprocessInputSchema = z.strictObject({
  folder: z
    .string()
    .min(1, 'must not be empty')
    .max(255, 'must be at most 255 characters')
    .refine(
      (v) => !v.includes('/') && !v.includes('\\') && v !== '.' && v !== '..',
      'must be a folder name, not a path',
    ),
})

export const InboxReprocessResultSchema = z.object({
  /** The folder's name back in the inbox. */
  folder: z.string(),
  result: z.enum(['ingested', 'duplicate', 'rejected', 'pending']),
  reason: z.enum(REJECTION_REASONS).nullable(),
  details: z.array(PathMessageSchema),
})
export type InboxReprocessResult = z.infer<typeof InboxReprocessResultSchema>

/** The inbox.* methods; contract.ts spreads them in. */
export const inboxMethods = {
  /** The inbox health line: folder, watching or polling, last scan, pending, stalled and rejected bundles. */
  'inbox.health': { input: z.strictObject({}).default({}), output: InboxHealthSchema },
  /** Moves a rejected bundle back into the inbox and ingests it if it is now valid. */
  'inbox.reprocess': { input: InboxReprocessInputSchema, output: InboxReprocessResultSchema },
} as const
