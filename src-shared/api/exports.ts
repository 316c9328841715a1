import { z } from 'zod'

/** Accounting export formats (DESIGN.md `export --format`). */
export const EXPORT_FORMATS = ['qbo-csv', 'qbd-iif', 'xero-csv', 'csv'] as const
export const ExportFormatSchema = z.enum(EXPORT_FORMATS)
export type ExportFormat = z.infer<typeof ExportFormatSchema>

export const EXPORT_FORMAT_LABELS: Record<ExportFormat, string> = {
  'qbo-csv': 'QuickBooks Online (CSV)',
  'qbd-iif': 'QuickBooks Desktop (IIF)',
  'xero-csv': 'Xero (CSV)',
  csv: 'Plain CSV + JSON',
}

const DATE_FORMATS = ['MM/DD/YYYY', 'DD/MM/YYYY', 'YYYY-MM-DD'] as const
export const ExportDateFormatSchema = z.enum(DATE_FORMATS)
export type ExportDateFormat = z.infer<typeof ExportDateFormatSchema>

const name = (fallback: string) => z.string().max(100, 'must be at most 100 characters').default(fallback)

/**
 * Per-system settings that are not item mappings (settings key `exports`). Defaults follow
 * docs/exports.md; every name must exist in the accounting system exactly as written.
 */
export const ExportSettingsSchema = z.strictObject({
  qbo: z
    .strictObject({
      /** 'us': Taxable/TaxRate columns; 'non-us': ItemTaxCode (VAT/GST companies). */
      form: z.enum(['us', 'non-us']).default('us'),
      dateFormat: ExportDateFormatSchema.exclude(['YYYY-MM-DD']).default('MM/DD/YYYY'),
      /** Non-US form: the zero-rate tax code written on non-taxable lines. */
      exemptTaxCode: name('Exempt'),
    })
    .default({ form: 'us', dateFormat: 'MM/DD/YYYY', exemptTaxCode: 'Exempt' }),
  xero: z
    .strictObject({
      /** null: DD/MM/YYYY, or MM/DD/YYYY when the company currency is USD. */
      dateFormat: ExportDateFormatSchema.nullable().default(null),
      salesAccountCode: name('200'),
      exemptTaxType: name('Tax Exempt'),
      writeCurrency: z.boolean().default(false),
    })
    .default({ dateFormat: null, salesAccountCode: '200', exemptTaxType: 'Tax Exempt', writeCurrency: false }),
  iif: z
    .strictObject({
      arAccount: name('Accounts Receivable'),
      laborAccount: name('Service Income'),
      partsAccount: name('Materials Income'),
      adjustmentAccount: name('Service Income'),
      discountAccount: name('Discounts Given'),
      salesTaxAccount: name('Sales Tax Payable'),
      /** The tax agency vendor; blank lets QuickBooks take it from the sales-tax item. */
      taxAgency: name(''),
      /** The sales-tax item used on invoices of customers without a tax (a 0% item). */
      noTaxItem: name('Out of State'),
    })
    .default({
      arAccount: 'Accounts Receivable',
      laborAccount: 'Service Income',
      partsAccount: 'Materials Income',
      adjustmentAccount: 'Service Income',
      discountAccount: 'Discounts Given',
      salesTaxAccount: 'Sales Tax Payable',
      taxAgency: '',
      noTaxItem: 'Out of State',
    }),
})
export type ExportSettings = z.infer<typeof ExportSettingsSchema>

/**
 * Accounting names for lines that have no record of their own in Settings > Accounting names:
 * the discount, each adjustment kind ('trip-charge'...), any other adjustment ('*'), and parts
 * whose SKU is not in the price book (kind 'item', ref '*'). Stored as accounting mappings.
 */
export const ExportItemNamesSchema = z
  .strictObject({
    kind: z.enum(['item', 'adjustment']),
    ref: z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
    qbo: z.string().trim().max(100, 'must be at most 100 characters').default(''),
    xero: z.string().trim().max(100, 'must be at most 100 characters').default(''),
    iif: z.string().trim().max(100, 'must be at most 100 characters').default(''),
  })
  .refine((m) => m.kind === 'adjustment' || m.ref === '*', {
    message: 'a part with a SKU is named in Settings > Accounting names; here only the default part item "*"',
    path: ['ref'],
  })
export type ExportItemNames = z.output<typeof ExportItemNamesSchema>

export const ExportSettingsViewSchema = z.object({
  settings: ExportSettingsSchema,
  /** The default part item, the discount, '*' and every adjustment kind seen, each with what it is. */
  items: z.array(
    z.object({
      kind: z.enum(['item', 'adjustment']),
      ref: z.string(),
      label: z.string(),
      qbo: z.string(),
      xero: z.string(),
      iif: z.string(),
    }),
  ),
})
export type ExportSettingsView = z.infer<typeof ExportSettingsViewSchema>

/**
 * Either part may be left out. `settings` replaces every export setting (a field left out takes
 * its default); `items` lists only the rows to change, with all three names (empty clears one).
 */
export const ExportSettingsUpdateSchema = z.strictObject({
  settings: ExportSettingsSchema.optional(),
  items: z.array(ExportItemNamesSchema).max(500).optional(),
})

export const ExportFindingSchema = z.object({
  jobId: z.string(),
  invoiceNumber: z.string().nullable(),
  code: z.string(),
  severity: z.enum(['block', 'warning']),
  message: z.string(),
  /** What to change, and where, to clear it. */
  fix: z.string(),
})
export type ExportFinding = z.infer<typeof ExportFindingSchema>

export const PlannedFileSchema = z.object({ name: z.string(), invoices: z.number().int(), rows: z.number().int() })

export const PreflightInputSchema = z.strictObject({ format: ExportFormatSchema })

export const PreflightSchema = z.object({
  format: ExportFormatSchema,
  /** Invoice-ready jobs, with the numbers they would get now (not reserved). */
  invoices: z.array(
    z.object({
      jobId: z.string(),
      invoiceNumber: z.string(),
      customer: z.string(),
      totalCents: z.number().int(),
      lines: z.number().int(),
    }),
  ),
  files: z.array(PlannedFileSchema),
  findings: z.array(ExportFindingSchema),
  blocked: z.boolean(),
  totalCents: z.number().int(),
})
export type Preflight = z.infer<typeof PreflightSchema>

export const BatchFileSchema = z.object({
  name: z.string(),
  path: z.string(),
  sha256: z.string(),
  size: z.number().int(),
  invoices: z.number().int(),
  rows: z.number().int(),
})

export const BatchSchema = z.object({
  id: z.number().int(),
  format: ExportFormatSchema,
  createdAt: z.string(),
  createdBy: z.string(),
  /** The user's name when createdBy is a user id, else a word for where it came from. */
  createdByName: z.string(),
  status: z.enum(['active', 'void']),
  voidReason: z.string().nullable(),
  voidedAt: z.string().nullable(),
  /** When and by whom the clerk confirmed the import into the accounting system; null until then. */
  importedAt: z.string().nullable(),
  importedBy: z.string().nullable(),
  importedByName: z.string().nullable(),
  files: z.array(BatchFileSchema),
  jobs: z.array(
    z.object({ jobId: z.string(), invoiceNumber: z.string(), customer: z.string(), totalCents: z.number().int() }),
  ),
  totalCents: z.number().int(),
})
export type Batch = z.infer<typeof BatchSchema>

export const ExportRunInputSchema = z.strictObject({
  format: ExportFormatSchema,
  /** Folder to write into; default `<data>/exports/batch-<id>`. */
  outDir: z.string().min(1).optional(),
  /** File name (the first file's, when split); default from the format and date. */
  fileName: z
    .string()
    .regex(/^[^/\\]+$/, 'must be a file name without folders')
    .optional(),
  /** Export the jobs that pass and leave the blocked ones invoice-ready. */
  skipBlocked: z.boolean().default(false),
})

export const ExportRunOutputSchema = z.object({ batch: BatchSchema, findings: z.array(ExportFindingSchema) })

export const BatchesInputSchema = z
  .strictObject({ limit: z.number().int().min(1).max(500).default(50) })
  .default({ limit: 50 })

export const ReexportInputSchema = z.strictObject({
  batchId: z.number().int().min(1),
  outDir: z.string().min(1).optional(),
})
export const ReexportOutputSchema = z.object({ batchId: z.number().int(), files: z.array(BatchFileSchema) })

export const VoidBatchInputSchema = z.strictObject({
  batchId: z.number().int().min(1),
  reason: z.string().trim().min(1, 'say why the batch is voided (e.g. the import failed)').max(500),
})

export const BatchFileInputSchema = z.strictObject({
  batchId: z.number().int().min(1),
  /** One of the batch's file names (never a path). */
  name: z.string().min(1).max(255),
})
export const BatchFileOutputSchema = z.object({ name: z.string(), mediaType: z.string(), base64: z.string() })

/** Who confirmed the import is the signed-in user, never a name the caller sends. */
export const MarkImportedInputSchema = z.strictObject({ batchId: z.number().int().min(1) })

export const ShowInFolderInputSchema = z.strictObject({ path: z.string().min(1) })

/** The exports.* methods; contract.ts spreads them in. */
export const exportsMethods = {
  /** What exporting now would do: invoices with provisional numbers, files after splitting, every problem with its fix. */
  'exports.preflight': { input: PreflightInputSchema, output: PreflightSchema },
  /** Exports every invoice-ready job as one batch (numbers assigned, jobs invoiced). */
  'exports.run': { input: ExportRunInputSchema, output: ExportRunOutputSchema },
  /** Past batches, newest first. */
  'exports.batches': { input: BatchesInputSchema, output: z.array(BatchSchema) },
  /** Writes a past batch's files again, byte for byte. */
  'exports.reexport': { input: ReexportInputSchema, output: ReexportOutputSchema },
  /** The accounting import failed: the batch's jobs return to invoice-ready, keeping their numbers. */
  'exports.voidBatch': { input: VoidBatchInputSchema, output: BatchSchema },
  /** One of a batch's files as bytes: the browser saves it as a download, the desktop through its save dialog. */
  'exports.file': { input: BatchFileInputSchema, output: BatchFileOutputSchema },
  /** The clerk imported the batch into the accounting system (else it shows in Needs attention after a day). */
  'exports.markImported': { input: MarkImportedInputSchema, output: BatchSchema },
  /** The per-system export settings and the accounting names of discounts, adjustments and unlisted parts. */
  'exports.settings.get': { input: z.strictObject({}).default({}), output: ExportSettingsViewSchema },
  /** Saves export settings and/or those accounting names; answers the new view. */
  'exports.settings.update': { input: ExportSettingsUpdateSchema, output: ExportSettingsViewSchema },
  /** Opens the folder holding a batch file or packet in the desktop's file manager. */
  'exports.showInFolder': {
    input: ShowInFolderInputSchema,
    output: z.object({ opened: z.boolean(), path: z.string() }),
  },
} as const
