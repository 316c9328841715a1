import { ExportSettingsSchema, type ExportDateFormat, type ExportSettings } from '../../../src-shared/api/exports'
import { issuesToDetails, summarizeDetails } from '../../../src-shared/schemas/issues'
import { CloseoutError } from '../errors'
import type { Office } from '../office'

const KEY = 'exports'

/** The export settings, with defaults for anything not saved yet. */
export function readExportSettings(office: Office): ExportSettings {
  const row = office.sqlite.prepare('SELECT value_json FROM settings WHERE key = ?').get(KEY) as { value_json: string } | undefined
  const parsed = ExportSettingsSchema.safeParse(row ? JSON.parse(row.value_json) : {})
  // A saved value that no longer parses (older version) falls back to defaults rather than blocking billing.
  return parsed.success ? parsed.data : ExportSettingsSchema.parse({})
}

export function saveExportSettings(office: Office, input: unknown): ExportSettings {
  const parsed = ExportSettingsSchema.safeParse(input)
  if (!parsed.success) {
    const details = issuesToDetails(parsed.error)
    throw new CloseoutError('invalid-input', `Export settings are not valid: ${summarizeDetails(details)}`, details)
  }
  const json = JSON.stringify(parsed.data)
  office.sqlite
    .prepare('INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json')
    .run(KEY, json)
  return parsed.data
}

/** Xero has no fixed format: it follows the organisation's region. */
export function xeroDateFormat(settings: ExportSettings, currency: string): ExportDateFormat {
  return settings.xero.dateFormat ?? (currency === 'USD' ? 'MM/DD/YYYY' : 'DD/MM/YYYY')
}
