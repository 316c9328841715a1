import { dispatchOptions } from '../dispatch/dispatch-options'
import type { Office } from '../office'
import type { PrefixHandlers } from './handler-types'

/** The dispatch.* methods (contract: src-shared/api/dispatch.ts). */
export function dispatchHandlers(office: Office): PrefixHandlers<'dispatch'> {
  return {
    'dispatch.options': () => dispatchOptions(office),
  }
}
