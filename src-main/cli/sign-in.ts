import type { Command } from 'commander'
import type { SessionUser } from '../../src-shared/api/session'
import { authenticateUser } from '../core/approvals/approver-auth'
import { confirmAdmin } from '../core/auth/admin-confirm'
import { countUsers, loadSessionUser } from '../core/auth/office-users'
import { CloseoutError } from '../core/errors'
import type { Office } from '../core/office'

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

/** Checks `--as/--pin` with the same PIN check and lockout as the office sign-in. */
export async function cliUser(office: Office, opts: SignInOptions, what: string): Promise<SessionUser> {
  if (!opts.as || !opts.pin)
    throw new CloseoutError('not-signed-in', `${what} changes the office: say who you are with --as USER --pin PIN`)
  await authenticateUser(office, opts.as, opts.pin)
  return loadSessionUser(office.sqlite, opts.as)!
}

/**
 * A change only an admin may make (setup import changes users, roles and PINs). An office with
 * no users yet is being set up: its first setup file needs nobody.
 */
export async function cliAdmin(office: Office, opts: SignInOptions, what: string): Promise<SessionUser | null> {
  if (countUsers(office.sqlite) === 0) return null
  const user = await cliUser(office, opts, what)
  await confirmAdmin(office, user, opts.pin, what)
  return user
}
