import { sql, type Kysely } from 'kysely'

/**
 * Receipts owed to the field. A decision or export marks its submissions here in the same
 * transaction as the status change; the row goes once the receipt file is written. A crash or
 * an unreachable shared folder between the two leaves the row, and the next start (or the next
 * decision) writes the receipt: a technician never keeps a stale status.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw('CREATE TABLE pending_receipts (submission_id TEXT PRIMARY KEY, since TEXT NOT NULL) STRICT')
    .execute(db)
}
