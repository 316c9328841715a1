import { exportSetup } from '../setup/setup-export'
import type { Office } from '../office'
import type { PrefixHandlers } from './handler-types'

/** The setup.* methods (contract: src-shared/api/setup.ts). */
export function setupHandlers(office: Office): PrefixHandlers<'setup'> {
  return {
    'setup.get': () => exportSetup(office) as Record<string, unknown>,
  }
}
