import type { TechnicianLock } from '../../../src-shared/api/lan'
import type { SessionUser } from '../../../src-shared/api/session'
import { confirmAdmin } from './admin-confirm'
import { first } from '../db/connection'
import type { Office } from '../office'
import { deleteThrottleRows, listThrottleRows } from './pin-throttle.repo'

/** pin_throttle keys of the phone form's per-technician-and-address throttle (src-main/lan/pin-throttle.ts). */
export const TECH_THROTTLE_PREFIX = 'lan-tech:'
export const techAddressKey = (technicianId: string, address: string): string =>
  `${TECH_THROTTLE_PREFIX}${technicianId}@${address}`

/** Technicians locked out of the phone form right now: who, on which phone address, until when. */
export function listTechnicianLocks(office: Office, now = Date.now()): TechnicianLock[] {
  return listThrottleRows(office.sqlite, TECH_THROTTLE_PREFIX)
    .filter((r) => r.locked_until !== null && Date.parse(r.locked_until) > now)
    .map((r) => {
      const rest = r.key.slice(TECH_THROTTLE_PREFIX.length)
      const at = rest.lastIndexOf('@')
      const technicianId = rest.slice(0, at)
      const tech = first(
        office.sqlite,
        office.db.selectFrom('technicians').select('name').where('id', '=', technicianId),
      )
      return {
        technicianId,
        technicianName: tech?.name ?? null,
        address: rest.slice(at + 1),
        failures: r.failures,
        lockedUntil: r.locked_until!,
      }
    })
}

/** Lifts every phone lock of one technician and forgets their wrong PINs (an admin, confirmed with their PIN). */
export async function unlockTechnician(
  office: Office,
  user: SessionUser,
  input: { technicianId: string; confirmPin: string },
): Promise<{ technicianId: string; unlocked: number }> {
  await confirmAdmin(office, user, input.confirmPin, 'technician locks')
  const unlocked = deleteThrottleRows(office.sqlite, `${TECH_THROTTLE_PREFIX}${input.technicianId}@`)
  return { technicianId: input.technicianId, unlocked }
}
