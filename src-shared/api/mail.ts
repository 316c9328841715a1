import { z } from 'zod'

/** One e-mail address as a person types it; the check is deliberately plain (a mail server decides the rest). */
export const EmailAddressSchema = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .regex(/^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/, 'is not an e-mail address like ap@example.com')

/** "Name <address>" or a bare address: the From and Reply-To of a packet message. */
const MailboxSchema = z
  .string()
  .trim()
  .max(300, 'must be at most 300 characters')
  .refine(
    (v) => v === '' || EmailAddressSchema.safeParse(v.match(/<([^<>]+)>\s*$/)?.[1] ?? v).success,
    'must be an address like billing@example.com or "Northside Billing <billing@example.com>"',
  )

/**
 * How packets reach customers (setup file v1.1 `mail`). `secure: true` is TLS from the first
 * byte (usually port 465); false starts plain and upgrades with STARTTLS when the server offers
 * it (usually 587). The password is never part of it: an environment variable for `serve` and
 * the CLI, the OS keychain on the desktop.
 */
export const MailSettingsSchema = z
  .strictObject({
    mode: z.enum(['smtp', 'draft']).default('draft'),
    host: z.string().trim().max(253, 'must be at most 253 characters').default(''),
    port: z.number().int().min(1, 'must be 1 to 65535').max(65535, 'must be 1 to 65535').default(587),
    secure: z.boolean().default(false),
    user: z.string().trim().max(200, 'must be at most 200 characters').default(''),
    from: MailboxSchema.default(''),
    replyTo: MailboxSchema.default(''),
  })
  .superRefine((m, ctx) => {
    if (m.mode !== 'smtp') return
    if (!m.host) ctx.addIssue({ code: 'custom', path: ['host'], message: 'SMTP sending needs the mail server name' })
    if (!m.from) ctx.addIssue({ code: 'custom', path: ['from'], message: 'SMTP sending needs a From address' })
  })
export type MailSettings = z.output<typeof MailSettingsSchema>

export const MailSettingsViewSchema = z.object({
  settings: MailSettingsSchema,
  /** Where the SMTP password comes from on this office: the desktop keychain, an environment variable, or nowhere yet. */
  password: z.object({ source: z.enum(['keychain', 'environment', 'none']), variable: z.string() }),
})
export type MailSettingsView = z.infer<typeof MailSettingsViewSchema>

export const MailSendInputSchema = z.strictObject({
  jobId: z.string().min(1, 'must not be empty'),
  /** Overrides the customer's "send packets to" list for this message. */
  to: z.array(EmailAddressSchema).min(1, 'give at least one address').max(20).optional(),
  /** A job already sent is only sent again when this says so. */
  again: z.boolean().default(false),
})

export const SentMessageSchema = z.object({
  jobId: z.string(),
  invoiceNumber: z.string(),
  to: z.array(z.string()),
  messageId: z.string(),
  mode: z.enum(['smtp', 'draft']),
  at: z.string(),
  /** Draft mode: the .eml written for the mail app to open. */
  draftFile: z.string().nullable(),
})
export type SentMessage = z.infer<typeof SentMessageSchema>

export const MailSendBatchInputSchema = z.strictObject({
  batchId: z.number().int().positive('must be a batch number'),
  again: z.boolean().default(false),
})

export const BatchSendOutcomeSchema = z.object({
  jobId: z.string(),
  outcome: z.enum(['sent', 'already-sent', 'failed']),
  sent: SentMessageSchema.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
})

export const MailSendBatchOutputSchema = z.object({
  batchId: z.number().int(),
  sent: z.number().int(),
  alreadySent: z.number().int(),
  failed: z.number().int(),
  jobs: z.array(BatchSendOutcomeSchema),
})
export type MailSendBatchOutput = z.infer<typeof MailSendBatchOutputSchema>

/**
 * Saving Settings > Mail is an admin's, confirmed with their own PIN (docs/security.md): whoever
 * chooses the mail server reads every packet sent through it. `password` only where the host has
 * a keychain (the desktop); it is stored there, never in the data folder or the log.
 */
export const MailUpdateSettingsInputSchema = MailSettingsSchema.and(
  z.strictObject({
    confirmPin: z
      .string()
      .regex(/^\d{4,8}$/, 'enter your PIN (4 to 8 digits) to confirm')
      .optional(),
    password: z.string().max(500, 'must be at most 500 characters').optional(),
  }),
)
export type MailUpdateSettingsInput = z.input<typeof MailUpdateSettingsInputSchema>

/** The mail.* methods; contract.ts spreads them in. */
export const mailMethods = {
  /** How packets are sent, and where the SMTP password comes from. */
  'mail.settings': { input: z.strictObject({}).default({}), output: MailSettingsViewSchema },
  /** Saves Settings > Mail; an admin, confirming with their PIN. The password only into the desktop's keychain. */
  'mail.updateSettings': { input: MailUpdateSettingsInputSchema, output: MailSettingsViewSchema },
  /** E-mails one invoiced job's packet (SMTP) or writes it as a draft for the mail app. */
  'mail.send': { input: MailSendInputSchema, output: SentMessageSchema },
  /** Sends every job of an export batch; jobs already sent are skipped unless `again`. */
  'mail.sendBatch': { input: MailSendBatchInputSchema, output: MailSendBatchOutputSchema },
} as const
