import { z } from 'zod'
import { DispatchOptionsSchema, JobCreateInputSchema, JobFormSchema, JobUpdateInputSchema } from './dispatch'
import { ImportCommitInputSchema, ImportInputSchema, ImportPreviewSchema, ImportResultSchema } from './imports'
import {
  AttachmentAnswerSchema,
  AttachmentInputSchema,
  JobCloseoutAnswerSchema,
  JobCloseoutInputSchema,
} from './job-closeout'
import { SettingsUpdateResultSchema, SettingsUpdateSchema, SettingsViewSchema } from './settings'

const JobIdInput = z.strictObject({ id: z.string().min(1, 'must not be empty') })

/** The contract entries of the office app's own screens (Dispatch, Job detail, Settings); contract.ts spreads them in. */
export const officeAppMethods = {
  /** Customers, technicians, job types, price book and labor roles for pickers and filters. */
  'dispatch.options': { input: z.strictObject({}).default({}), output: DispatchOptionsSchema },
  /** A new scheduled job (Dispatch); answers with its id. */
  'jobs.create': { input: JobCreateInputSchema, output: z.object({ id: z.string() }) },
  /** Changes a job's dispatch fields; after a closeout only PO, not-to-exceed and notes. */
  'jobs.update': { input: JobUpdateInputSchema, output: JobFormSchema },
  /** A job's dispatch fields for the edit form, and whether they may still change. */
  'jobs.form': { input: JobIdInput, output: JobFormSchema },
  /** The job's closeout: priced lines, totals, photos, signature, findings; estimate vs actual. */
  'jobs.closeout': { input: JobCloseoutInputSchema, output: JobCloseoutAnswerSchema },
  /** One stored photo or signature as a data: URL (works over IPC and HTTP alike). */
  'attachments.get': { input: AttachmentInputSchema, output: AttachmentAnswerSchema },
  /** Checks a CSV file row by row and says what each row would do; writes nothing. */
  'imports.preview': { input: ImportInputSchema, output: ImportPreviewSchema },
  /** Writes a checked CSV file in one transaction; any bad row stops it unless skipBadRows. */
  'imports.commit': { input: ImportCommitInputSchema, output: ImportResultSchema },
  /** Company, taxes, invoice numbering, job types, approval policy, people, mappings, folders. */
  'settings.get': { input: z.strictObject({}).default({}), output: SettingsViewSchema },
  /** Saves one Settings section; PINs are hashed, folders checked (never inside a synced folder). */
  'settings.update': { input: SettingsUpdateSchema, output: SettingsUpdateResultSchema },
} as const
