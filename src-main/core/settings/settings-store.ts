import type { Kysely } from 'kysely'
import type { EngineDb } from '../db/engine-db'
import type { Database } from '../db/schema'

/**
 * The settings table: one JSON value per key for office-wide choices that have no table of
 * their own. A value that is missing or no longer parses reads as undefined, so each caller
 * falls back to its default instead of refusing to start. Either engine, or `{ db: trx }`
 * inside a withTransaction.
 */
export async function readSettingAsync(edb: Pick<EngineDb, 'db'>, key: string): Promise<unknown> {
  const row = await edb.db.selectFrom('settings').select('value_json').where('key', '=', key).executeTakeFirst()
  if (!row) return undefined
  try {
    return JSON.parse(row.value_json) as unknown
  } catch {
    return undefined
  }
}

/**
 * The settings table's one writer (the event log's head record included): in `trx`, a
 * withTransaction body's transaction, on either engine.
 */
export async function writeSettingIn(trx: Kysely<Database>, key: string, value: unknown): Promise<void> {
  await trx
    .insertInto('settings')
    .values({ key, value_json: JSON.stringify(value) })
    .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value_json: eb.ref('excluded.value_json') })))
    .execute()
}

/** Writes a value only where the key has none yet; in `trx`, either engine (issue #17). */
export async function writeSettingIfMissingIn(trx: Kysely<Database>, key: string, value: unknown): Promise<void> {
  await trx
    .insertInto('settings')
    .values({ key, value_json: JSON.stringify(value) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute()
}

const SHARED_DIR_KEY = 'sharedDir'

/** The shared folder chosen in Settings; it takes effect when the office is next opened. */
export async function readSavedSharedDir(edb: Pick<EngineDb, 'db'>): Promise<string | null> {
  const value = await readSettingAsync(edb, SHARED_DIR_KEY)
  return typeof value === 'string' && value ? value : null
}

export async function saveSharedDirIn(trx: Kysely<Database>, sharedDir: string): Promise<void> {
  await writeSettingIn(trx, SHARED_DIR_KEY, sharedDir)
}
