import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Office } from '../office'

/** The shared folder's subfolders (spec section 1). */
export interface SharedLayout {
  root: string
  inbox: string
  archive: string
  rejected: string
  receipts: string
}

export function sharedLayout(office: Office): SharedLayout {
  const root = office.sharedDir
  return {
    root,
    inbox: join(root, 'inbox'),
    archive: join(root, 'archive'),
    rejected: join(root, 'rejected'),
    receipts: join(root, 'receipts'),
  }
}

/**
 * Creates the subfolders the office needs, but only while the shared folder itself exists:
 * when a network drive or sync root is gone, recreating it locally would hide the outage and
 * strand bundles in a folder nobody syncs. Answers whether the inbox is usable.
 */
export function ensureLayout(layout: SharedLayout): boolean {
  if (!existsSync(layout.root)) return false
  for (const dir of [layout.inbox, layout.archive, layout.rejected, layout.receipts])
    mkdirSync(dir, { recursive: true })
  return true
}

/** `archive/YYYY-MM`, by the UTC month of the time given (deterministic, so a restart finds it). */
export function archiveMonth(iso: string): string {
  return iso.slice(0, 7)
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
