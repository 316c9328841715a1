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
    office.sqlite
      .prepare('INSERT INTO users (id, name, roles_json, pin_hash, active) VALUES (?, ?, ?, ?, 1)')
      .run(input.id, input.name, JSON.stringify(['admin', 'billing', 'supervisor']), pinHash)
  })()
}
