import { MailSettingsSchema, type MailSettings, type MailSettingsView } from '../../../src-shared/api/mail'
import type { Kysely } from 'kysely'
import { withTransaction, type EngineDb } from '../db/engine-db'
import type { Database } from '../db/schema'
import type { Office } from '../office'
import { recordSettingChangeIn } from '../settings/settings-audit'
import { readSettingAsync, writeSettingIn } from '../settings/settings-store'

const MAIL_KEY = 'mail'

/** The environment variable `serve` and the CLI read the SMTP password from. */
export const SMTP_PASSWORD_VARIABLE = 'CLOSEOUT_SMTP_PASSWORD'

/**
 * Settings > Mail as stored; an office that never chose reads as draft mode (no password needed).
 * Either engine, or `{ db: trx }` in a transaction.
 */
export async function readMailSettingsAsync(edb: Pick<EngineDb, 'db'>): Promise<MailSettings> {
  return mailSettingsFrom(await readSettingAsync(edb, MAIL_KEY))
}

function mailSettingsFrom(saved: unknown): MailSettings {
  const parsed = MailSettingsSchema.safeParse(saved ?? {})
  return parsed.success ? parsed.data : MailSettingsSchema.parse({})
}

/**
 * The office's own mail settings on the async path (issue #17), either engine; undefined: it has
 * none of its own (the setup export writes `mail` only when it has).
 */
export async function readOwnMailSettingsAsync(edb: Pick<EngineDb, 'db'>): Promise<MailSettings | undefined> {
  const saved = await readSettingAsync(edb, MAIL_KEY)
  return saved === undefined ? undefined : mailSettingsFrom(saved)
}

/** Saves Settings > Mail, in `trx`: the save's withTransaction, on either engine. */
export async function saveMailSettingsIn(trx: Kysely<Database>, settings: MailSettings): Promise<void> {
  await writeSettingIn(trx, MAIL_KEY, MailSettingsSchema.parse(settings))
}

type PasswordSource = MailSettingsView['password']['source']

/**
 * Settings > Mail saved with its audit entry (who, before/after, where the password comes from,
 * never the password) in one transaction, on either engine.
 */
export async function updateMailSettings(
  edb: EngineDb,
  settings: MailSettings,
  change: { userId: string; passwordBefore: PasswordSource; passwordAfter: PasswordSource; passwordChanged: boolean },
): Promise<void> {
  await withTransaction(edb, async (trx) => {
    const before = await readMailSettingsAsync({ db: trx })
    await saveMailSettingsIn(trx, settings)
    const after = await readMailSettingsAsync({ db: trx })
    await recordSettingChangeIn(trx, {
      userId: change.userId,
      section: 'mail',
      before: { ...before, password: change.passwordBefore },
      after: { ...after, password: change.passwordAfter, ...(change.passwordChanged ? { passwordChanged: true } : {}) },
    })
  })
}

/** The SMTP password: the host's keychain when it has one (desktop), else the environment. */
export function smtpPassword(office: Office): string | null {
  if (office.mailPassword) return office.mailPassword.read()
  const fromEnv = process.env[SMTP_PASSWORD_VARIABLE]
  return fromEnv ? fromEnv : null
}

/** Where this host finds the SMTP password (never the password itself). */
export function smtpPasswordSource(office: Pick<Office, 'mailPassword'>): PasswordSource {
  if (office.mailPassword) return office.mailPassword.read() ? 'keychain' : 'none'
  return process.env[SMTP_PASSWORD_VARIABLE] ? 'environment' : 'none'
}

/** Settings > Mail as shown: the office's settings (either engine) and where this PC's password comes from. */
export async function mailSettingsView(
  office: Pick<Office, 'mailPassword'> & Pick<EngineDb, 'db'>,
): Promise<MailSettingsView> {
  return {
    settings: await readMailSettingsAsync(office),
    password: { source: smtpPasswordSource(office), variable: SMTP_PASSWORD_VARIABLE },
  }
}
