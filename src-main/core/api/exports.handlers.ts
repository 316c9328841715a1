import { batchFile, markBatchImported } from '../exports/batch-handoff'
import { listBatches } from '../exports/batches.repo'
import { reexportBatch, runExport, voidBatch } from '../exports/export-batches'
import { preflightExport } from '../exports/export-plan'
import { loadExportSettingsView, updateExportSettings } from '../settings/export-settings'
import { checkOutDir } from '../fs/out-dir'
import { showInFolder } from '../exports/show-in-folder'
import type { Office } from '../office'
import { signedIn, type PrefixHandlers } from './handler-types'

/** The exports.* methods (contract: src-shared/api/exports.ts). */
export function exportsHandlers(office: Office): PrefixHandlers<'exports'> {
  return {
    'exports.preflight': (input) => preflightExport(office, input.format),
    'exports.run': async (input, ctx) => {
      const outDir = checkOutDir(office, input.outDir)
      const { batch, findings } = await runExport(office, { ...input, outDir, user: signedIn(ctx).id })
      return { batch, findings }
    },
    'exports.batches': (input) => listBatches(office, input.limit),
    'exports.reexport': (input) => reexportBatch(office, input.batchId, checkOutDir(office, input.outDir)),
    'exports.voidBatch': (input, ctx) => voidBatch(office, input.batchId, input.reason, signedIn(ctx).id),
    'exports.file': (input) => batchFile(office, input.batchId, input.name),
    'exports.markImported': (input, ctx) => markBatchImported(office, input.batchId, signedIn(ctx).id),
    'exports.settings.get': () => loadExportSettingsView(office),
    'exports.settings.update': (input) => updateExportSettings(office, input),
    'exports.showInFolder': (input) => showInFolder(input.path),
  }
}
