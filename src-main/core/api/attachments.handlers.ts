import { attachmentDataUrl } from '../jobs/job-attachments'
import type { Office } from '../office'
import type { PrefixHandlers } from './handler-types'

/** The attachments.* methods (contract: src-shared/api/attachments.ts). */
export function attachmentsHandlers(office: Office): PrefixHandlers<'attachments'> {
  return {
    'attachments.get': (input) => attachmentDataUrl(office, input.id, input.size),
  }
}
