import { resolve, sep } from 'node:path'
import { CloseoutError } from '../../core/errors'
import { defaultDataDir } from '../../core/paths'
import { resolveSharedDir } from '../../core/office-folders'
import { openFormState } from '../../core/db/seat-state.repo'
import { startFormServer } from '../../lan/server'
import { snapshotFormSource } from '../../lan/snapshot-source'
import type { GlobalOptions } from '../context'
import { untilStopped } from '../until-stopped'

/**
 * `serve --lan-only`: the technician form alone, for a second PC or a small box in the shop.
 * It writes bundles into its shared folder and reads the office's snapshot (`office/`) and
 * receipts from it; the office that ingests them runs elsewhere on the same (synced) folder.
 */
export async function serveLanOnly(global: GlobalOptions, port: number | undefined): Promise<void> {
  const dataDir = global.data ?? defaultDataDir()
  const sharedDir = resolveSharedDir(dataDir, { shared: global.shared })
  if (isInside(dataDir, sharedDir) || isInside(sharedDir, dataDir))
    throw new CloseoutError(
      'data-in-shared-folder',
      'The data folder and the shared folder must be separate: a live database inside a synced folder gets corrupted',
    )
  const state = openFormState(dataDir)
  const source = snapshotFormSource({ dataDir, sharedDir, state })
  let lan
  try {
    lan = await startFormServer(source, port === undefined ? {} : { port })
  } catch (error) {
    state.close()
    throw error
  }
  process.stdout.write(`Data folder:   ${dataDir} (sign-ins only; no office database)\n`)
  process.stdout.write(`Shared folder: ${sharedDir}\n`)
  for (const url of lan.urls) process.stdout.write(`Phone form:    ${url}\n`)
  process.stdout.write('Press Ctrl+C to stop.\n')
  const why = await untilStopped()
  process.stdout.write(`Stopping (${why})…\n`)
  await lan.close()
  state.pragma('wal_checkpoint(TRUNCATE)')
  state.close()
  process.stdout.write('Stopped cleanly.\n')
}

function isInside(child: string, parent: string): boolean {
  const c = `${resolve(child)}${sep}`
  const p = `${resolve(parent)}${sep}`
  return c.startsWith(p)
}
