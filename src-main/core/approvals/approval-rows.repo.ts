import type { Insertable, Kysely } from 'kysely'
import { run, type Db } from '../db/connection'
import type { ApprovalsTable, Database } from '../db/schema'

const insertQuery = (db: Kysely<Database>, row: Insertable<ApprovalsTable>) => db.insertInto('approvals').values(row)

/**
 * The approvals table's one writer: an approval or a send-back, at its level. The synchronous
 * form is the demo history's (setup, inside its better-sqlite3 transaction); the decisions use
 * insertApprovalIn. What an edit or a moved closeout changes is in approval-changes.repo.ts.
 */
export function insertApproval({ sqlite, db }: Db, row: Insertable<ApprovalsTable>): void {
  run(sqlite, insertQuery(db, row))
}

/** insertApproval on the async path (issue #17): in `trx`, a decision's withTransaction body, on either engine. */
export async function insertApprovalIn(trx: Kysely<Database>, row: Insertable<ApprovalsTable>): Promise<void> {
  await insertQuery(trx, row).execute()
}
