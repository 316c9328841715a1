import { readFileSync } from 'node:fs'
import type { Batch } from '../../../src-shared/api/exports'
import { CloseoutError } from '../errors'
import type { Office } from '../office'
import { getBatch, markBatchImportedRow } from './batches.repo'

/**
 * Handing a batch over to the accounting system: its files as bytes (so a browser can save them
 * as a download and the desktop through its save dialog), and the clerk's "Mark as imported". A
 * batch not confirmed a day after the export shows in Needs attention (docs/exports.md).
 */
const MEDIA_TYPES: Record<string, string> = { csv: 'text/csv', iif: 'text/plain', json: 'application/json' }

export async function batchFile(
  office: Office,
  batchId: number,
  name: string,
): Promise<{ name: string; mediaType: string; base64: string }> {
  // Only a file the batch lists, by its name: never a path the caller makes up.
  const file = (await getBatch(office, batchId)).files.find((f) => f.name === name)
  if (!file)
    throw new CloseoutError('not-found', `Batch ${batchId} has no file ${name}`, [
      { path: 'name', message: 'not a file of this batch' },
    ])
  let bytes: Buffer
  try {
    bytes = readFileSync(file.path)
  } catch {
    throw new CloseoutError('not-found', `${name} is no longer at ${file.path}; use Re-export to write it again`)
  }
  const ext = name.split('.').pop()?.toLowerCase() ?? ''
  return { name, mediaType: MEDIA_TYPES[ext] ?? 'application/octet-stream', base64: bytes.toString('base64') }
}

export async function markBatchImported(
  office: Office,
  batchId: number,
  user: string,
  now = new Date(),
): Promise<Batch> {
  const batch = await getBatch(office, batchId)
  if (batch.status === 'void')
    throw new CloseoutError('invalid-transition', `Batch ${batchId} is void: there is nothing to import`)
  await markBatchImportedRow(office, batchId, now.toISOString(), user)
  office.events.emit('jobs.changed', { reason: 'export', jobIds: batch.jobs.map((j) => j.jobId) })
  return getBatch(office, batchId)
}
