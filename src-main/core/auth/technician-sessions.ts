import type { Office } from '../office'

/** Signs a technician out of every phone (their PIN changed or they were switched off). */
export function revokeTechnicianSessions(office: Office, technicianId: string): number {
  return office.sqlite.prepare('DELETE FROM lan_sessions WHERE technician_id = ?').run(technicianId).changes
}
