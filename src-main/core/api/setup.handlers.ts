import { confirmAdmin } from '../auth/admin-confirm'
import { exportSetup } from '../setup/setup-export'
import type { Office } from '../office'
import { signedIn, type PrefixHandlers } from './handler-types'

/** The setup.* methods (contract: src-shared/api/setup.ts). */
export function setupHandlers(office: Office): PrefixHandlers<'setup'> {
  return {
    // The document holds every PIN hash (4-digit PINs fall to an offline guess): an admin, with their PIN.
    'setup.get': async (input, ctx) => {
      await confirmAdmin(office, signedIn(ctx), input.confirmPin, 'the setup document', 'read the setup document')
      return (await exportSetup(office)) as Record<string, unknown>
    },
  }
}
