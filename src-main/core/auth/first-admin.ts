import { run } from '../db/connection'
import { hashPin } from './pin'
import { CloseoutError } from '../errors'
import type { Office } from '../office'
import { countUsers } from './office-users'

/**
 * First run: an office with no users at all lets the person at the keyboard create the first
 * admin. Once any user exists this refuses, so it cannot be used to add a second admin.
 */
export async function createFirstAdmin(
  office: Office,
  input: { id: string; name: string; pin: string },
): Promise<void> {
  const pinHash = await hashPin(input.pin)
  office.sqlite.transaction(() => {
    if (countUsers(office.sqlite) > 0)
      throw new CloseoutError('not-first-run', 'This office already has users: an admin adds new ones in Settings')
    run(
      office.sqlite,
      office.db.insertInto('users').values({
        id: input.id,
        name: input.name,
        roles_json: JSON.stringify(['admin', 'billing', 'supervisor']),
        pin_hash: pinHash,
        active: 1,
      }),
    )
  })()
}
