import { inboxHealth, reprocess } from '../inbox/health'
import type { Office } from '../office'
import type { PrefixHandlers } from './handler-types'

/** The inbox.* methods (contract: src-shared/api/inbox.ts). */
export function inboxHandlers(office: Office): PrefixHandlers<'inbox'> {
  return {
    'inbox.health': () => inboxHealth(office),
    'inbox.reprocess': (input) => reprocess(office, input.folder),
  }
}
