import type { Generated } from 'kysely'

/**
 * Table types for Kysely. Money columns end in `_cents` (integer cents); quantities, hours,
 * percents and multipliers end in `_milli` (integer thousandths). Booleans are 0/1. Times are
 * ISO 8601 strings (UTC "…Z" for times the office records, the writer's offset for times
 * copied from a closeout).
 */
export interface Database {
  settings: SettingsTable
  company: CompanyTable
  taxes: TaxesTable
  users: UsersTable
  technicians: TechniciansTable
  pin_throttle: PinThrottleTable
  customers: CustomersTable
  price_book: PriceBookTable
  labor_rates: LaborRatesTable
  accounting_mappings: AccountingMappingsTable
  job_types: JobTypesTable
  approval_policy: ApprovalPolicyTable
  jobs: JobsTable
  estimate_lines: EstimateLinesTable
  submissions: SubmissionsTable
  submission_lines: SubmissionLinesTable
  attachments: AttachmentsTable
  job_events: JobEventsTable
  approvals: ApprovalsTable
  export_batches: ExportBatchesTable
  export_batch_jobs: ExportBatchJobsTable
  export_batch_files: ExportBatchFilesTable
  pending_receipts: PendingReceiptsTable
  inbox_bundles: InboxBundlesTable
  lan_sessions: LanSessionsTable
  jobs_fts: JobsFtsTable
  payments: PaymentsTable
  job_timelines: JobTimelinesTable
}

export interface SettingsTable {
  key: string
  value_json: string
}

export interface CompanyTable {
  id: number
  name: string
  address: string
  phone: string
  email: string
  currency: string
  payment_terms_days: number
  next_invoice_number: number
  invoice_prefix: string
}

export interface TaxesTable {
  id: string
  name: string
  rate_milli: number
}

export interface UsersTable {
  id: string
  name: string
  roles_json: string
  pin_hash: string | null
  active: number
  /** The technician record this user works as (setup file v1.1): they never approve its work. */
  technician_id: string | null
}

export interface TechniciansTable {
  id: string
  name: string
  pin_hash: string | null
  active: number
  email: string | null
  phone: string | null
  /** The labor role new labor lines start with on the phone; null: the estimate's, else the first. */
  default_labor_role: string | null
}

/** Failed-PIN counters and lockouts, persisted so a restart does not reset them. */
export interface PinThrottleTable {
  /** 'user:U-1', 'lan-tech:T-07', 'lan-addr:192.168.1.20' */
  key: string
  failures: number
  window_started_at: string
  locked_until: string | null
}

export interface CustomersTable {
  id: string
  name: string
  address: string
  email: string
  phone: string
  requires_signature: number
  tax_id: string | null
  accounting_name: string | null
  /** JSON array of addresses; [] means the customer's e-mail. */
  send_packets_to_json: Generated<string>
  /** v1.1 structured address; `address` is its one-line form. */
  address_line1: string
  address_line2: string
  city: string
  region: string
  postal_code: string
  country: string
}

export interface PriceBookTable {
  sku: string
  description: string
  unit_price_cents: number
  taxable: number
}

export interface LaborRatesTable {
  role: string
  name: string | null
  rate_cents: number
  overtime_multiplier_milli: number
  taxable: number
}

/** What a price-book item, labor role, tax or customer is called in an accounting system. */
export interface AccountingMappingsTable {
  /** 'item' | 'labor' | 'tax' | 'customer' | 'adjustment' */
  kind: string
  ref: string
  /** One of ACCOUNTING_SYSTEMS (src-shared/api/settings.ts) */
  system: string
  name: string
}

export interface JobTypesTable {
  id: string
  name: string
  required_photos_json: string
  require_serial_number: number
  require_signature: number
  labor_hours_approval_over_milli: number | null
}

export interface ApprovalPolicyTable {
  id: number
  discount_percent_over_milli: number
  overtime_hours_over_milli: number
  parts_over_estimate_percent_milli: number
  signature_exception_needs_approval: number
  warranty_needs_approval: number
  approver_roles_json: string
  second_approval_over_cents: number | null
}

export interface JobsTable {
  id: string
  customer_id: string | null
  site_address: string
  job_type_id: string | null
  technician_id: string | null
  scheduled_for: string | null
  po_number: string | null
  not_to_exceed_cents: number | null
  description: string
  status: string
  /** 'dispatch' (created in the office or setup file) | 'field' (arrived from a closeout) */
  origin: string
  current_submission_id: string | null
  invoice_number: string | null
  total_cents: number | null
  void_reason: string | null
  disputed_at: string | null
  dispute_reason: string | null
  created_at: string
  updated_at: string
}

export interface EstimateLinesTable {
  id: Generated<number>
  job_id: string
  line_no: number
  /** 'part' | 'labor' */
  kind: string
  sku: string | null
  role: string | null
  description: string | null
  quantity_milli: number
  unit_price_cents: number | null
}

export interface SubmissionsTable {
  id: string
  job_id: string
  supersedes: string | null
  technician_id: string
  /** SHA-256 over the manifest's file list: the idempotency fingerprint. */
  fingerprint: string
  document_json: string
  started_at: string | null
  completed_at: string
  received_at: string
  warranty_claim: number
  discount_percent_milli: number | null
  discount_cents: number | null
  discount_reason: string | null
  signer_name: string | null
  signed_at: string | null
  signature_attachment_id: number | null
  no_signature_reason: string | null
  /** Where the bundle went, relative to the shared folder: 'archive/2026-11/<id>'. */
  archived_path: string | null
  findings_json: string
  subtotal_cents: number | null
  discount_total_cents: number | null
  tax_cents: number | null
  total_cents: number | null
}

export interface SubmissionLinesTable {
  id: Generated<number>
  submission_id: string
  line_no: number
  /** 'labor' | 'part' | 'adjustment' */
  kind: string
  role: string | null
  sku: string | null
  description: string
  quantity_milli: number
  billable: number
  overtime: number
  adjustment_kind: string | null
  /** As given by the technician (null: priced from the price book or rate). */
  unit_price_cents: number | null
  /** Priced by the rules; null until priced or when unpriced. */
  amount_cents: number | null
  taxable: number
  /** 1 when the office edited this line (each edit is also an event). */
  edited: number
  removed: number
}

export interface AttachmentsTable {
  id: Generated<number>
  submission_id: string
  file: string
  /** 'before' | 'after' | 'serial-plate' | 'other' | 'signature' */
  category: string
  sha256: string
  size: number
  taken_at: string | null
  mime: string
}

/** Append-only, hash-chained (see lifecycle/event-log.ts). */
export interface JobEventsTable {
  id: Generated<number>
  job_id: string
  at: string
  type: string
  actor: string
  data_json: string
  prev_hash: string
  hash: string
}

export interface ApprovalsTable {
  id: Generated<number>
  job_id: string
  submission_id: string
  user_id: string
  level: number
  decision: string
  comment: string | null
  at: string
}

export interface ExportBatchesTable {
  id: Generated<number>
  format: string
  created_at: string
  created_by: string
  files_json: string
  status: string
  void_reason: string | null
  voided_at: string | null
  /** When and by whom the clerk confirmed the batch is in the accounting system. */
  imported_at: string | null
  imported_by: string | null
}

export interface ExportBatchJobsTable {
  batch_id: number
  job_id: string
  invoice_number: string
}

/** The exact bytes of each file a batch wrote (re-export reproduces them). */
export interface ExportBatchFilesTable {
  batch_id: number
  name: string
  sha256: string
  size: number
  content: Buffer
}

/** A receipt a decision or export still owes the field (written, then the row goes). */
export interface PendingReceiptsTable {
  submission_id: string
  since: string
}

/** What the inbox knows about a bundle folder it has seen (attempts, pending, outcome). */
export interface InboxBundlesTable {
  folder: string
  submission_id: string | null
  first_seen_at: string
  last_checked_at: string
  attempts: number
  /** 'pending' | 'stalled' | 'ingested' | 'duplicate' | 'rejected' */
  state: string
  detail_json: string
}

export interface LanSessionsTable {
  token_hash: string
  technician_id: string
  created_at: string
  expires_at: string
}

/** FTS5 index over jobs (migration 2026_11_25_1400_jobs_search); rowid = jobs.rowid; kept by triggers. */
export interface JobsFtsTable {
  job: string
  customer: string
  site: string
  notes: string
  parts: string
  numbers: string
}

/** What customers paid, imported from the accounting system (core/payments). */
export interface PaymentsTable {
  id: Generated<number>
  job_id: string
  invoice_number: string
  /** The day the payment was made (YYYY-MM-DD, as the accounting system wrote it). */
  paid_date: string
  amount_cents: number
  /** 'quickbooks-invoice-list' | 'quickbooks-transactions' | 'xero' | 'template' */
  source: string
  /** Which row of which kind of file it came from: re-importing the same file adds nothing. */
  source_key: string
  imported_at: string
  imported_by: string
}

/** The dashboard's summary of the event log, one row per job (metrics/metrics.repo writes it, from appendEventIn). */
export interface JobTimelinesTable {
  job_id: string
  /** metrics/timeline's TimelineState: the job's metric events folded in log order. */
  state_json: string
}
