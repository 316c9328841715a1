import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { ReceiptSchema, type Receipt } from '../../../src-shared/schemas/bundle'
import { UuidSchema } from '../../../src-shared/schemas/primitives'
import type { Office } from '../office'
import { allSubmissionIdsOn, chunks } from './receipt-rows.repo'
import { sweepStaleTemps, type SweepResult } from '../store/temp-sweep'
import { isConflictCopyName } from '../fs/conflict-names'
import { buildReceiptsOn, sameReceiptAnswer, writeBuiltReceipts } from '../receipts/receipts'
import { unlinkSyncRetry } from '../fs/retry'
import { fsyncDirectories } from '../store/fs-workers'

export interface ReceiptReconciliation {
  /** Receipts that said something other than the database (edited or synced back from the field). */
  rewritten: number
  /** Receipts that were missing (deleted in the field, or never written before a crash). */
  restored: number
  /** Sync-conflict copies of receipts removed: the office's own file is the receipt. */
  conflicts: number
  temps: SweepResult
}

/**
 * Spec v1.1: the office owns `receipts/`. Each full scan makes every submission's receipt say
 * what the database says, removes sync services' conflict copies of receipts, and sweeps temp
 * files a killed writer left. A receipt is re-read only when its size or time changed since it
 * was last found right, so a scan of a large office reads only what moved.
 */
export async function ownReceipts(office: Office, now = Date.now()): Promise<ReceiptReconciliation> {
  const dir = join(office.sharedDir, 'receipts')
  const result: ReceiptReconciliation = { rewritten: 0, restored: 0, conflicts: 0, temps: sweepStaleTemps(dir, now) }
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return result
  }
  const seen = verified.get(office) ?? new Map<string, string>()
  verified.set(office, seen)
  const present = new Set<string>()
  for (const name of names) {
    if (isReceiptConflictCopy(name)) {
      if (removeQuietly(join(dir, name))) result.conflicts++
      continue
    }
    const id = name.endsWith('.json') ? name.slice(0, -'.json'.length) : ''
    if (UuidSchema.safeParse(id).success) present.add(id)
  }
  const ids = await allSubmissionIdsOn(office.db)
  const fileOf = (id: string) => join(dir, `${id}.json`)
  const stamps = new Map(ids.filter((id) => present.has(id)).map((id) => [id, stampOf(fileOf(id))]))
  // 500 receipts built at a time (two queries), not two queries per receipt.
  for (const slice of chunks(ids.filter((id) => !present.has(id)))) {
    const receipts = await buildReceiptsOn(office.db, slice)
    const errors = await writeBuiltReceipts(office, slice, receipts)
    slice.forEach((id, i) => {
      if (receipts.has(id) && !errors[i]) result.restored++
      seen.set(id, stampOf(fileOf(id)))
    })
  }
  for (const slice of chunks(ids.filter((id) => stamps.has(id) && seen.get(id) !== stamps.get(id)))) {
    const expected = await buildReceiptsOn(office.db, slice)
    const wrong = slice.filter((id) => {
      const receipt = expected.get(id)
      return receipt !== undefined && !sameReceiptAnswer(readReceipt(fileOf(id)), receipt)
    })
    for (const id of slice) if (!wrong.includes(id)) seen.set(id, stamps.get(id)!)
    const errors = await writeBuiltReceipts(office, wrong, expected)
    wrong.forEach((id, i) => {
      if (errors[i]) return
      result.rewritten++
      seen.set(id, stampOf(fileOf(id)))
    })
  }
  // The renames made durable with one fsync of the folder.
  if (result.restored + result.rewritten > 0) await fsyncDirectories([dir])
  return result
}

/** Per office: receipt id → the size and time it had when last found to agree with the database. */
const verified = new WeakMap<Office, Map<string, string>>()

/**
 * A conflict copy of a receipt: Syncthing's `.sync-conflict-`, Dropbox's "conflicted copy",
 * OneDrive's `<id>-<PC name>.json`. Receipts are named by their submission id, so anything
 * that starts with an id and is not exactly `<id>.json` is a copy.
 */
export function isReceiptConflictCopy(name: string): boolean {
  if (isConflictCopyName(name)) return true
  const match = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(.+)\.json$/.exec(name)
  return match !== null && !name.startsWith('.')
}

function readReceipt(file: string): Receipt | null {
  try {
    const parsed = ReceiptSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

function stampOf(file: string): string {
  try {
    const s = statSync(file)
    return `${s.size}:${s.mtimeMs}`
  } catch {
    return ''
  }
}

function removeQuietly(file: string): boolean {
  try {
    unlinkSyncRetry(file)
    return true
  } catch {
    return false
  }
}
