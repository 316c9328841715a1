import {
  ExportSettingsSchema,
  type ExportDateFormat,
  type ExportItemNames,
  type ExportSettings,
  type ExportSettingsView,
} from '../../../src-shared/api/exports'
import { ACCOUNTING_SYSTEMS } from '../../../src-shared/api/settings'
import { issuesToDetails, summarizeDetails } from '../../../src-shared/schemas/issues'
import { withTransaction, type EngineDb } from '../db/engine-db'
import { CloseoutError } from '../errors'
import { mappingRows, writeMappingNamesIn } from '../settings/accounting-mappings.repo'
import { readSettingAsync, writeSettingIn } from '../settings/settings-store'

const KEY = 'exports'

/** The export settings, with defaults for anything not saved yet, on either engine. */
export async function readExportSettingsAsync(edb: EngineDb): Promise<ExportSettings> {
  return exportSettingsFrom(await readSettingAsync(edb, KEY))
}

function exportSettingsFrom(saved: unknown): ExportSettings {
  const parsed = ExportSettingsSchema.safeParse(saved ?? {})
  // A saved value that no longer parses (older version) falls back to defaults rather than blocking billing.
  return parsed.success ? parsed.data : ExportSettingsSchema.parse({})
}

/** Checks export settings as given (zod): `invalid-input` naming each field path. */
function checkExportSettings(input: unknown): ExportSettings {
  const parsed = ExportSettingsSchema.safeParse(input)
  if (!parsed.success) {
    const details = issuesToDetails(parsed.error)
    throw new CloseoutError('invalid-input', `Export settings are not valid: ${summarizeDetails(details)}`, details)
  }
  return parsed.data
}

/** Saves the export settings in their own transaction, on either engine. */
export async function saveExportSettings(edb: EngineDb, input: unknown): Promise<ExportSettings> {
  const settings = checkExportSettings(input)
  await withTransaction(edb, (trx) => writeSettingIn(trx, KEY, settings))
  return settings
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
export async function loadExportSettingsView(edb: EngineDb): Promise<ExportSettingsView> {
  const mapped = await mappingRows(edb, 'exports-own')
  const seen = (
    await edb.db
      .selectFrom('submission_lines')
      .select('adjustment_kind')
      .distinct()
      .where('adjustment_kind', 'is not', null)
      .execute()
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
  return { settings: await readExportSettingsAsync(edb), items }
}

/**
 * Saves what the update names in one transaction on either engine (the settings checked first,
 * so a refusal writes nothing); an empty name removes that system's mapping.
 */
export async function updateExportSettings(
  edb: EngineDb,
  update: { settings?: unknown; items?: readonly ExportItemNames[] | undefined },
): Promise<ExportSettingsView> {
  const settings = update.settings === undefined ? undefined : checkExportSettings(update.settings)
  await withTransaction(edb, async (trx) => {
    if (settings) await writeSettingIn(trx, KEY, settings)
    await writeMappingNamesIn(trx, update.items ?? [])
  })
  return loadExportSettingsView(edb)
}
