import {
  ExportSettingsSchema,
  type ExportDateFormat,
  type ExportItemNames,
  type ExportSettings,
  type ExportSettingsView,
} from '../../../src-shared/api/exports'
import { ACCOUNTING_SYSTEMS } from '../../../src-shared/api/settings'
import { issuesToDetails, summarizeDetails } from '../../../src-shared/schemas/issues'
import { all } from '../db/connection'
import type { EngineDb } from '../db/engine-db'
import { CloseoutError } from '../errors'
import type { Office } from '../office'
import { writeMappingNames } from '../settings/accounting-mappings.repo'
import { readSetting, readSettingAsync, writeSetting } from '../settings/settings-store'

const KEY = 'exports'

/** The export settings, with defaults for anything not saved yet. */
export function readExportSettings(office: Office): ExportSettings {
  return exportSettingsFrom(readSetting(office.sqlite, KEY))
}

/** readExportSettings on the async path (issue #17): either engine. */
export async function readExportSettingsAsync(edb: EngineDb): Promise<ExportSettings> {
  return exportSettingsFrom(await readSettingAsync(edb, KEY))
}

function exportSettingsFrom(saved: unknown): ExportSettings {
  const parsed = ExportSettingsSchema.safeParse(saved ?? {})
  // A saved value that no longer parses (older version) falls back to defaults rather than blocking billing.
  return parsed.success ? parsed.data : ExportSettingsSchema.parse({})
}

export function saveExportSettings(office: Office, input: unknown): ExportSettings {
  const parsed = ExportSettingsSchema.safeParse(input)
  if (!parsed.success) {
    const details = issuesToDetails(parsed.error)
    throw new CloseoutError('invalid-input', `Export settings are not valid: ${summarizeDetails(details)}`, details)
  }
  writeSetting(office.sqlite, KEY, parsed.data)
  return parsed.data
}

/** Xero has no fixed format: it follows the organisation's region. */
export function xeroDateFormat(settings: ExportSettings, currency: string): ExportDateFormat {
  return settings.xero.dateFormat ?? (currency === 'USD' ? 'MM/DD/YYYY' : 'DD/MM/YYYY')
}

/** Adjustment kinds every office meets, listed even before the first closeout uses them. */
const COMMON_ADJUSTMENTS = ['trip-charge']

function itemLabel(kind: 'item' | 'adjustment', ref: string): string {
  if (kind === 'item') return 'Parts without a price-book item (no SKU, or a SKU the price book does not have)'
  if (ref === 'discount') return 'Discount (written as its own negative line)'
  if (ref === 'rounding') return "Tax rounding (a line for the cent a system's tax rounding differs by)"
  if (ref === '*') return 'Any other adjustment (used when its kind has no name of its own)'
  return `Adjustment "${ref}"`
}

/** The Exports screen's settings: per-system settings and the names of lines Settings does not list. */
export function loadExportSettingsView(office: Office): ExportSettingsView {
  const { sqlite, db } = office
  const mapped = all(
    sqlite,
    db
      .selectFrom('accounting_mappings')
      .select(['kind', 'ref', 'system', 'name'])
      .where((eb) => eb.or([eb('kind', '=', 'adjustment'), eb.and([eb('kind', '=', 'item'), eb('ref', '=', '*')])])),
  )
  const seen = all(
    sqlite,
    db.selectFrom('submission_lines').select('adjustment_kind').distinct().where('adjustment_kind', 'is not', null),
  ).flatMap((r) => (r.adjustment_kind === null ? [] : [r.adjustment_kind]))
  const kinds = [
    ...new Set([...COMMON_ADJUSTMENTS, ...seen, ...mapped.filter((m) => m.kind === 'adjustment').map((m) => m.ref)]),
  ]
    .filter((k) => k !== 'discount' && k !== '*' && k !== 'rounding')
    .sort()
  const keys: ['item' | 'adjustment', string][] = [
    ['item', '*'],
    ['adjustment', 'discount'],
    ['adjustment', 'rounding'],
    ['adjustment', '*'],
    ...kinds.map((k): ['adjustment', string] => ['adjustment', k]),
  ]
  const items = keys.map(([kind, ref]) => {
    const names = Object.fromEntries(
      ACCOUNTING_SYSTEMS.map((s) => [
        s,
        mapped.find((m) => m.kind === kind && m.ref === ref && m.system === s)?.name ?? '',
      ]),
    )
    return {
      kind,
      ref,
      label: itemLabel(kind, ref),
      qbo: names.qbo ?? '',
      xero: names.xero ?? '',
      iif: names.iif ?? '',
    }
  })
  return { settings: readExportSettings(office), items }
}

/** Saves what the update names, in one transaction; an empty name removes that system's mapping. */
export function updateExportSettings(
  office: Office,
  update: { settings?: unknown; items?: readonly ExportItemNames[] | undefined },
): ExportSettingsView {
  office.sqlite.transaction(() => {
    if (update.settings !== undefined) saveExportSettings(office, update.settings)
    writeMappingNames(office.sqlite, update.items ?? [])
  })()
  return loadExportSettingsView(office)
}
