import { MailSettingsSchema, type MailSettings, type MailSettingsView } from '../../../src-shared/api/mail'
import type { Sqlite } from '../db/connection'
import type { Office } from '../office'
import { readSetting, writeSetting } from '../settings/settings-store'

const MAIL_KEY = 'mail'

/** The environment variable `serve` and the CLI read the SMTP password from. */
export const SMTP_PASSWORD_VARIABLE = 'CLOSEOUT_SMTP_PASSWORD'

/** Settings > Mail as stored; an office that never chose reads as draft mode (no password needed). */
export function readMailSettings(sqlite: Sqlite): MailSettings {
  const parsed = MailSettingsSchema.safeParse(readSetting(sqlite, MAIL_KEY) ?? {})
  return parsed.success ? parsed.data : MailSettingsSchema.parse({})
}

/** Whether the office has mail settings of its own (the setup export writes `mail` only then). */
export function hasMailSettings(sqlite: Sqlite): boolean {
  return readSetting(sqlite, MAIL_KEY) !== undefined
}

export function saveMailSettings(sqlite: Sqlite, settings: MailSettings): void {
  writeSetting(sqlite, MAIL_KEY, MailSettingsSchema.parse(settings))
}

/** The SMTP password: the host's keychain when it has one (desktop), else the environment. */
export function smtpPassword(office: Office): string | null {
  if (office.mailPassword) return office.mailPassword.read()
  const fromEnv = process.env[SMTP_PASSWORD_VARIABLE]
  return fromEnv ? fromEnv : null
}

export function mailSettingsView(office: Office): MailSettingsView {
  const source = office.mailPassword
    ? office.mailPassword.read()
      ? 'keychain'
      : 'none'
    : process.env[SMTP_PASSWORD_VARIABLE]
      ? 'environment'
      : 'none'
  return {
    settings: readMailSettings(office.sqlite),
    password: { source, variable: SMTP_PASSWORD_VARIABLE },
  }
}
