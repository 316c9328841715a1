import type { Migration } from 'kysely'
import * as initial from './2026_11_25_1200_initial'
import * as jobsSearch from './2026_11_25_1400_jobs_search'
import * as exportBatchFiles from './2026_11_25_1700_export_batch_files'
import * as pendingReceipts from './2026_11_25_1800_pending_receipts'
import * as jobsTotalIndex from './2026_11_25_1900_jobs_total_index'
import * as jobsSearchLineTriggers from './2026_11_25_2000_jobs_search_line_triggers'
import * as batchImportedEventTime from './2026_12_04_1900_batch_imported_event_time'
import * as customerSendPacketsTo from './2026_12_05_1200_customer_send_packets_to'
import * as technicianDefaultLaborRole from './2026_12_05_1300_technician_default_labor_role'
import * as customerAddressParts from './2026_12_05_1400_customer_address_parts'
import * as userTechnician from './2026_12_05_1500_user_technician'
import * as payments from './2026_12_06_1000_payments'
import * as jobTimelines from './2026_12_07_1300_job_timelines'

/**
 * Every migration, in order, as static imports: a folder scan breaks once main is bundled.
 * Names sort chronologically; never rename or edit one that has shipped.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '2026_11_25_1200_initial': initial,
  '2026_11_25_1400_jobs_search': jobsSearch,
  '2026_11_25_1700_export_batch_files': exportBatchFiles,
  '2026_11_25_1800_pending_receipts': pendingReceipts,
  '2026_11_25_1900_jobs_total_index': jobsTotalIndex,
  '2026_11_25_2000_jobs_search_line_triggers': jobsSearchLineTriggers,
  '2026_12_04_1900_batch_imported_event_time': batchImportedEventTime,
  '2026_12_05_1200_customer_send_packets_to': customerSendPacketsTo,
  '2026_12_05_1300_technician_default_labor_role': technicianDefaultLaborRole,
  '2026_12_05_1400_customer_address_parts': customerAddressParts,
  '2026_12_05_1500_user_technician': userTechnician,
  '2026_12_06_1000_payments': payments,
  '2026_12_07_1300_job_timelines': jobTimelines,
}
