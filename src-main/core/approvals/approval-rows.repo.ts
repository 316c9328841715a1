import type { Insertable } from 'kysely'
import { run, type Db } from '../db/connection'
import type { ApprovalsTable } from '../db/schema'

/** The approvals table's one writer: an approval or a send-back, at its level. */
export function insertApproval({ sqlite, db }: Db, row: Insertable<ApprovalsTable>): void {
  run(sqlite, db.insertInto('approvals').values(row))
}
