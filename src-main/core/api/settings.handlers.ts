import { updateSettings } from '../settings/settings-update'
import { loadSettings } from '../settings/settings-view'
import type { Office } from '../office'
import type { PrefixHandlers } from './handler-types'

/** The settings.* methods (contract: src-shared/api/settings.ts). */
export function settingsHandlers(office: Office): PrefixHandlers<'settings'> {
  return {
    'settings.get': () => loadSettings(office),
    'settings.update': (input) => updateSettings(office, input),
  }
}
