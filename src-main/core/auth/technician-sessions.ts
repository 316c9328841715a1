import { run } from '../db/connection'
import type { Office } from '../office'

/** Signs a technician out of every phone (their PIN changed or they were switched off). */
export function revokeTechnicianSessions(office: Office, technicianId: string): number {
  return run(office.sqlite, office.db.deleteFrom('lan_sessions').where('technician_id', '=', technicianId)).changes
}
