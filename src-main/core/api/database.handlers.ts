import { confirmAdmin } from '../auth/admin-confirm'
import { testDatabaseConnection } from '../db/pg/connection-test'
import { CloseoutError } from '../errors'
import type { Office } from '../office'
import { databaseView, saveDatabaseChoice } from '../settings/database-settings'
import { signedIn, type CallContext, type PrefixHandlers } from './handler-types'

function adminOnly(ctx: CallContext): void {
  const user = signedIn(ctx)
  if (!user.admin)
    throw new CloseoutError('admin-only', `Only an admin may see or change the database; ${user.name} is not an admin`)
}

/** The database.* methods (contract: src-shared/api/database.ts): Settings > Database, admin only. */
export function databaseHandlers(office: Office): PrefixHandlers<'database'> {
  return {
    'database.view': (_input, ctx) => {
      adminOnly(ctx)
      return databaseView(office)
    },
    'database.test': (input, ctx) => {
      adminOnly(ctx)
      return testDatabaseConnection(input.url)
    },
    'database.save': async (input, ctx) => {
      await confirmAdmin(office, signedIn(ctx), input.confirmPin, 'the database')
      return saveDatabaseChoice(office, input.url, input.attachmentsDir)
    },
  }
}
