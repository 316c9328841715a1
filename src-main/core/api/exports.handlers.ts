import { batchFile, markBatchImported } from '../exports/batch-handoff'
import { listBatches } from '../exports/batches.repo'
import { reexportBatch, runExport, voidBatch } from '../exports/export-batches'
import { preflightExport } from '../exports/export-plan'
import { loadExportSettingsView, updateExportSettings } from '../settings/export-settings'
import { showInFolder } from '../exports/show-in-folder'
import type { Office } from '../office'
import type { PrefixHandlers } from './handler-types'

/** The exports.* methods (contract: src-shared/api/exports.ts). */
export function exportsHandlers(office: Office): PrefixHandlers<'exports'> {
  return {
    'exports.preflight': (input) => preflightExport(office, input.format),
    'exports.run': (input) => {
      const { batch, findings } = runExport(office, input)
      return { batch, findings }
    },
    'exports.batches': (input) => listBatches(office, input.limit),
    'exports.reexport': (input) => reexportBatch(office, input.batchId, input.outDir),
    'exports.voidBatch': (input) => voidBatch(office, input.batchId, input.reason, input.user),
    'exports.file': (input) => batchFile(office, input.batchId, input.name),
    'exports.markImported': (input) => markBatchImported(office, input.batchId, input.user),
    'exports.settings.get': () => loadExportSettingsView(office),
    'exports.settings.update': (input) => updateExportSettings(office, input),
    'exports.showInFolder': (input) => showInFolder(input.path),
  }
}
