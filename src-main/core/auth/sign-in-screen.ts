import { readFileSync } from 'node:fs'
import type { SessionCurrent } from '../../../src-shared/api/session'
import { all } from '../db/connection'
import type { Office } from '../office'
import { resourcePath } from '../paths'
import { readSetting } from '../settings/settings-store'
import { countUsers } from './office-users'

/** Set when the demo company was loaded: its sign-in screen lists the demo's users and PINs. */
export const DEMO_OFFICE_KEY = 'demoOffice'

type DemoUser = SessionCurrent['signIn']['demoUsers'][number]

/** The demo's people and PINs from resources/demo/setup.json (the database keeps only hashes). */
export function demoUsers(office: Office): DemoUser[] {
  if (readSetting(office.sqlite, DEMO_OFFICE_KEY) !== true) return []
  const setup = JSON.parse(readFileSync(resourcePath('demo', 'setup.json'), 'utf8')) as { users: DemoUser[] }
  return setup.users.map((u) => ({ id: u.id, name: u.name, roles: u.roles, pin: u.pin }))
}

export function signInScreen(office: Office): SessionCurrent['signIn'] {
  const users = all(
    office.sqlite,
    office.db.selectFrom('users').select(['id', 'name']).where('active', '=', 1).orderBy('name').orderBy('id'),
  )
  return { users, firstRun: countUsers(office.sqlite) === 0, demoUsers: demoUsers(office) }
}
