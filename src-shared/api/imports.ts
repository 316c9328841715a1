import { z } from 'zod'

/** CSV imports on the Dispatch screen: customers, price book, jobs, and payments (docs/payments.md). */
export const IMPORT_KINDS = ['customers', 'priceBook', 'jobs', 'payments'] as const
export type ImportKind = (typeof IMPORT_KINDS)[number]

/** Which layout a file was recognised as, from its header row. */
export const IMPORT_FORMATS = ['quickbooks', 'xero', 'template'] as const
export type ImportFormat = (typeof IMPORT_FORMATS)[number]

export const ImportInputSchema = z.strictObject({
  kind: z.enum(IMPORT_KINDS),
  /** The file's text (UTF-8, with or without a BOM). */
  csv: z
    .string()
    .min(1, 'the file is empty')
    .max(5 * 1024 * 1024, 'the file is larger than 5 MB'),
  fileName: z.string().max(260).optional(),
})

export const ImportCommitInputSchema = ImportInputSchema.extend({
  /** Write the good rows and leave the bad ones out (otherwise any bad row stops the import). */
  skipBadRows: z.boolean().default(false),
})

export const ImportRowSchema = z.object({
  /** The spreadsheet row number (the header is row 1). */
  row: z.number().int(),
  outcome: z.enum(['create', 'update', 'unchanged', 'error']),
  /** The record's id, SKU or job number once known. */
  key: z.string().nullable(),
  /** One line describing the record ("Acme Dental · (773) 555-0142"). */
  summary: z.string(),
  errors: z.array(z.object({ column: z.string(), message: z.string() })),
})
export type ImportRow = z.infer<typeof ImportRowSchema>

export const ImportPreviewSchema = z.object({
  kind: z.enum(IMPORT_KINDS),
  format: z.enum(IMPORT_FORMATS),
  formatLabel: z.string(),
  /** How the file's dates were read ("US dates, month/day/year (MM/DD/YYYY)"); null when it has none. */
  dateFormat: z.string().nullable(),
  rows: z.array(ImportRowSchema),
  counts: z.object({
    create: z.number().int(),
    update: z.number().int(),
    unchanged: z.number().int(),
    error: z.number().int(),
  }),
})
export type ImportPreview = z.infer<typeof ImportPreviewSchema>

export const ImportResultSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  skipped: z.number().int(),
})
export type ImportResult = z.infer<typeof ImportResultSchema>

/** The plain template's header row for each kind (what "Download template" gives). */
export const IMPORT_TEMPLATES: Record<ImportKind, string> = {
  customers: 'id,name,address,email,phone,requiresSignature,taxId',
  priceBook: 'sku,description,unitPrice,taxable',
  jobs: 'id,customerId,siteAddress,jobTypeId,technicianId,scheduledFor,poNumber,notToExceed,description',
  payments: 'invoiceNumber,paidDate,amountPaid',
}

/** The imports.* methods; contract.ts spreads them in. */
export const importsMethods = {
  /** Checks a CSV file row by row and says what each row would do; writes nothing. */
  'imports.preview': { input: ImportInputSchema, output: ImportPreviewSchema },
  /** Writes a checked CSV file in one transaction; any bad row stops it unless skipBadRows. */
  'imports.commit': { input: ImportCommitInputSchema, output: ImportResultSchema },
} as const
