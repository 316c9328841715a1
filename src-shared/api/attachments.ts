import { z } from 'zod'

/** Pictures are never sent full size: `thumbnail` fits 320 px (lists), `view` 2048 px (the lightbox, the default). */
export const AttachmentSizeSchema = z.enum(['thumbnail', 'view'])
export const AttachmentInputSchema = z.strictObject({
  id: z.number().int().min(1),
  size: AttachmentSizeSchema.optional(),
})
export const AttachmentAnswerSchema = z.object({ id: z.number().int(), mime: z.string(), dataUrl: z.string() })

/** The attachments.* methods; contract.ts spreads them in. */
export const attachmentsMethods = {
  /** One stored photo or signature as a data: URL (works over IPC and HTTP alike). */
  'attachments.get': { input: AttachmentInputSchema, output: AttachmentAnswerSchema },
} as const
