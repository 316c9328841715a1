import type { Handlers } from '../api/handlers'
import type { Office } from '../office'
import { writePacket } from '../packets/packet-folder'
import { listBatches } from './batches.repo'
import { reexportBatch, runExport, voidBatch } from './export-batches'
import { preflightExport } from './export-plan'
import { loadExportSettingsView, updateExportSettings } from './export-settings'
import { showInFolder } from './show-in-folder'

type ExportMethod =
  | 'exports.preflight'
  | 'exports.run'
  | 'exports.batches'
  | 'exports.reexport'
  | 'exports.voidBatch'
  | 'exports.settings.get'
  | 'exports.settings.update'
  | 'exports.showInFolder'
  | 'packets.write'

/** The Exports screen's slice of the office API (handlers.ts spreads it in). */
export function exportHandlers(office: Office): Pick<Handlers, ExportMethod> {
  return {
    'exports.preflight': (input) => preflightExport(office, input.format),
    'exports.run': (input) => {
      const { batch, findings } = runExport(office, input)
      return { batch, findings }
    },
    'exports.batches': (input) => listBatches(office, input.limit),
    'exports.reexport': (input) => reexportBatch(office, input.batchId, input.outDir),
    'exports.voidBatch': (input) => voidBatch(office, input.batchId, input.reason, input.user),
    'exports.settings.get': () => loadExportSettingsView(office),
    'exports.settings.update': (input) => updateExportSettings(office, input),
    'exports.showInFolder': (input) => showInFolder(input.path),
    'packets.write': (input) => writePacket(office, input.jobId, input.outDir),
  }
}
