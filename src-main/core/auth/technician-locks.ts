import type { TechnicianLock } from '../../../src-shared/api/lan'
import type { SessionUser } from '../../../src-shared/api/session'
import { all, onConnection, run } from '../db/connection'
import type { Office } from '../office'
import { confirmAdmin } from './admin-confirm'
import { locksInForce, throttleQueries } from './pin-throttle.repo'

/** pin_throttle keys of the phone form's per-technician-and-address throttle (src-main/lan/pin-throttle.ts). */
export const TECH_THROTTLE_PREFIX = 'lan-tech:'
export const techAddressKey = (technicianId: string, address: string): string =>
  `${TECH_THROTTLE_PREFIX}${technicianId}@${address}`

/**
 * Technicians locked out of this seat's phone form right now: who, on which phone address, until
 * when (Settings → Sign-in). The form counts them in this seat's own state (office.ts
 * `seatState`: the office file on SQLite, the seat's form-server.sqlite on PostgreSQL), so they
 * are read and lifted there, synchronously; the names and the admin's PIN come from the office
 * database on either engine.
 */
export async function listTechnicianLocks(office: Office, now = Date.now()): Promise<TechnicianLock[]> {
  const state = office.seatState
  const rows = all(state, throttleQueries.list(onConnection(state).db, TECH_THROTTLE_PREFIX))
  const locks: TechnicianLock[] = []
  for (const lock of locksInForce(rows, TECH_THROTTLE_PREFIX, now)) {
    const tech = await office.db.selectFrom('technicians').select('name').where('id', '=', lock.who).executeTakeFirst()
    const { failures, lockedUntil } = lock
    locks.push({
      technicianId: lock.who,
      technicianName: tech?.name ?? null,
      address: lock.place,
      failures,
      lockedUntil,
    })
  }
  return locks
}

/** Lifts every phone lock of one technician and forgets their wrong PINs (an admin, confirmed with their PIN). */
export async function unlockTechnician(
  office: Office,
  user: SessionUser,
  input: { technicianId: string; confirmPin: string },
): Promise<{ technicianId: string; unlocked: number }> {
  await confirmAdmin(office, user, input.confirmPin, 'technician locks')
  const state = office.seatState
  const prefix = `${TECH_THROTTLE_PREFIX}${input.technicianId}@`
  const unlocked = run(state, throttleQueries.delete(onConnection(state).db, prefix)).changes
  return { technicianId: input.technicianId, unlocked }
}
