import { run } from '../db/connection'
import { formStateDb } from '../db/seat-state.repo'
import type { Office } from '../office'

/**
 * Signs a technician out of every phone of this seat's form (their PIN changed or they were
 * switched off). The phone sessions are the seat's own state (office.ts `seatState`: the office
 * file on SQLite, the seat's form-server.sqlite on PostgreSQL), so they end there.
 */
export function revokeTechnicianSessions(office: Office, technicianId: string): number {
  return run(office.seatState, formStateDb.deleteFrom('lan_sessions').where('technician_id', '=', technicianId)).changes
}
