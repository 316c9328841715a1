import type { Command } from 'commander'
import type { SessionUser } from '../../src-shared/api/session'
import { authenticateUser } from '../core/approvals/approver-auth'
import { countUsers, loadSessionUser } from '../core/auth/session-user'
import { CloseoutError } from '../core/errors'
import type { EngineDb } from '../core/db/engine-db'

/**
 * Who runs a command that changes the office (issue #12): `--as USER --pin PIN`, checked like an
 * office sign-in (the same scrypt check and lockout) and recorded in the event log under that
 * user, never as an anonymous 'cli'. Which commands need which role: docs/security.md.
 */
export interface SignInOptions {
  as?: string
  pin?: string
}

/** `--as USER --pin PIN`: who runs a command that changes the office (recorded like a signed-in user). */
export function withSignInOptions(command: Command): Command {
  return command
    .option('--as <user>', 'office user id: who does this (recorded in the event log)')
    .option('--pin <pin>', "that user's PIN")
}

/**
 * Checks `--as/--pin` with the same PIN check and lockout as the office sign-in. `what` names
 * the change, as in "an export" ("An export changes the office: …").
 */
export async function cliUser(office: EngineDb, opts: SignInOptions, what: string): Promise<SessionUser> {
  if (!opts.as || !opts.pin)
    throw new CloseoutError(
      'not-signed-in',
      `${what.charAt(0).toUpperCase()}${what.slice(1)} changes the office: say who you are with --as USER --pin PIN`,
    )
  await authenticateUser(office, opts.as, opts.pin)
  return (await loadSessionUser(office.db, opts.as))!
}

/**
 * A change only an admin may make: users, roles and PINs change with it (setup import, restore,
 * rebuild), or the whole office leaves for another server (db migrate). The PIN is checked
 * first, so a wrong PIN never learns the user's role. An office with no users yet is being set
 * up: nobody can sign in, so it needs nobody (and the caller records what ran instead).
 */
export async function cliAdmin(office: EngineDb, opts: SignInOptions, what: string): Promise<SessionUser | null> {
  if ((await countUsers(office.db)) === 0) return null
  const user = await cliUser(office, opts, what)
  if (!user.admin) throw new CloseoutError('admin-only', `Only an admin may run ${what}: ${user.name} is not an admin`)
  return user
}
