import { readFileSync } from 'node:fs'
import type { SessionCurrent } from '../../../src-shared/api/session'
import type { EngineDb } from '../db/engine-db'
import { binaryOrder } from '../db/sql-fragments'
import { resourcePath } from '../paths'
import { readSettingAsync } from '../settings/settings-store'
import { countUsers } from './session-user'

/** Set when the demo company was loaded: its sign-in screen lists the demo's users and PINs. */
export const DEMO_OFFICE_KEY = 'demoOffice'

type DemoUser = SessionCurrent['signIn']['demoUsers'][number]

/** The demo's people and PINs from resources/demo/setup.json (the database keeps only hashes). */
export async function demoUsers(edb: EngineDb): Promise<DemoUser[]> {
  if ((await readSettingAsync(edb, DEMO_OFFICE_KEY)) !== true) return []
  const setup = JSON.parse(readFileSync(resourcePath('demo', 'setup.json'), 'utf8')) as { users: DemoUser[] }
  return setup.users.map((u) => ({ id: u.id, name: u.name, roles: u.roles, pin: u.pin }))
}

/** The sign-in screen on either engine: active users by name (then id, byte by byte), and whether this is first run. */
export async function signInScreen(edb: EngineDb): Promise<SessionCurrent['signIn']> {
  const users = await edb.db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('active', '=', 1)
    .orderBy(binaryOrder(edb.engine, 'name'))
    .orderBy(binaryOrder(edb.engine, 'id'))
    .execute()
  return { users, firstRun: (await countUsers(edb.db)) === 0, demoUsers: await demoUsers(edb) }
}
