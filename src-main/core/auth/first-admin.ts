import { withTransaction, type EngineDb } from '../db/engine-db'
import { CloseoutError } from '../errors'
import { hashPin } from './pin'
import { countUsers } from './session-user'

/**
 * First run: an office with no users at all lets the person at the keyboard create the first
 * admin. Once any user exists this refuses, so it cannot be used to add a second admin. The PIN
 * is hashed (slowly) before the transaction; the count and the insert are one transaction, so
 * two seats of a PostgreSQL office creating the first admin at once make one admin (SERIALIZABLE:
 * the other runs again, finds a user and is refused).
 */
export async function createFirstAdmin(edb: EngineDb, input: { id: string; name: string; pin: string }): Promise<void> {
  await addFirstAdmin(edb, { id: input.id, name: input.name, pinHash: await hashPin(input.pin) })
}

/** createFirstAdmin once the PIN is hashed: the count and the insert, in one transaction. */
export async function addFirstAdmin(
  edb: EngineDb,
  input: { id: string; name: string; pinHash: string },
): Promise<void> {
  await withTransaction(edb, async (trx) => {
    if ((await countUsers(trx)) > 0)
      throw new CloseoutError('not-first-run', 'This office already has users: an admin adds new ones in Settings')
    await trx
      .insertInto('users')
      .values({
        id: input.id,
        name: input.name,
        roles_json: JSON.stringify(['admin', 'billing', 'supervisor']),
        pin_hash: input.pinHash,
        active: 1,
      })
      .execute()
  })
}
