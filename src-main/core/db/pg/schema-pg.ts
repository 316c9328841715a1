import type { Generated } from 'kysely'

/** Tables only the PostgreSQL engine has (migrations/seats_*.ts); see ../schema.ts for the office's. */
export interface PgOnlyTables {
  seat_claims: SeatClaimsTable
}

export interface SeatClaimsTable {
  /** The bundle's folder name in the inbox. */
  bundle: string
  /** The seat holding the lease; null: nobody (never claimed, or given back). */
  seat_id: string | null
  expires_at: Date | null
  claimed_at: Date | null
  /** How many times the bundle was claimed: more than 1 means a lease was taken over or given back. */
  claims: Generated<number>
  first_seen_at: Generated<Date>
  /** Ingested and archived: never claimed again. */
  done_at: Date | null
}
