import { z } from 'zod'

export const AttachmentInputSchema = z.strictObject({ id: z.number().int().min(1) })
export const AttachmentAnswerSchema = z.object({ id: z.number().int(), mime: z.string(), dataUrl: z.string() })

/** The attachments.* methods; contract.ts spreads them in. */
export const attachmentsMethods = {
  /** One stored photo or signature as a data: URL (works over IPC and HTTP alike). */
  'attachments.get': { input: AttachmentInputSchema, output: AttachmentAnswerSchema },
} as const
