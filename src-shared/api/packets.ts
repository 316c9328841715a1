import { z } from 'zod'

export const PacketWriteInputSchema = z.strictObject({ jobId: z.string().min(1), outDir: z.string().min(1).optional() })
export const PacketWriteOutputSchema = z.object({
  folder: z.string(),
  files: z.array(z.string()),
  pdfSha256: z.string(),
  pages: z.number().int(),
})
export type PacketWriteOutput = z.infer<typeof PacketWriteOutputSchema>

/** The packets.* methods; contract.ts spreads them in. */
export const packetsMethods = {
  /** Writes the packet and answers its PDF as bytes, for "Open packet" (a new tab in the browser). */
  'packets.pdf': {
    input: z.strictObject({ jobId: z.string().min(1) }),
    output: z.object({ name: z.string(), folder: z.string(), base64: z.string() }),
  },
  /** Writes a job's invoice packet folder (packet.pdf, photos, closeout.json). */
  'packets.write': { input: PacketWriteInputSchema, output: PacketWriteOutputSchema },
} as const
