import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { ReceiptSchema, type Manifest, type Receipt } from '../../../src-shared/schemas/bundle'
import { parseManifest } from '../inbox/bundle-manifest'
import { UUID_RE, type SharedLayout } from '../inbox/layout'

/** One bundle folder in `archive/YYYY-MM/`, with what the shared folder still says about it. */
export interface ArchivedBundle {
  folder: string
  /** `archive/YYYY-MM/<id>`, relative to the shared folder. */
  archivedPath: string
  dir: string
  manifest: Manifest
  fingerprint: string
  /** `receipts/<id>.json` when it is there and readable: the office's last word on it. */
  receipt: Receipt | null
  /** When the office first received it (the receipt's), else when the phone made it. */
  receivedAt: string
}

export interface ArchiveListing {
  bundles: ArchivedBundle[]
  /** Copies the inbox archived as duplicates (`<id>.duplicate…`): never ingested again. */
  duplicates: number
  unreadable: { folder: string; reason: string }[]
}

/**
 * Every bundle in the archive, in the order the office received them: the receipt keeps the
 * time, so a correction always follows the closeout it supersedes, as it did the first time.
 */
export function listArchivedBundles(layout: SharedLayout): ArchiveListing {
  const listing: ArchiveListing = { bundles: [], duplicates: 0, unreadable: [] }
  for (const month of readdirSync(layout.archive).sort()) {
    const monthDir = join(layout.archive, month)
    if (month.startsWith('.') || !statSync(monthDir).isDirectory()) continue
    for (const folder of readdirSync(monthDir).sort()) {
      if (folder.startsWith('.')) continue
      if (!UUID_RE.test(folder)) {
        if (folder.includes('.duplicate')) listing.duplicates++
        else listing.unreadable.push({ folder: `${month}/${folder}`, reason: 'not named by a submission id' })
        continue
      }
      const dir = join(monthDir, folder)
      const manifestFile = join(dir, 'manifest.json')
      const verdict = existsSync(manifestFile) ? parseManifest(readFileSync(manifestFile, 'utf8')) : null
      if (!verdict?.ok) {
        listing.unreadable.push({ folder: `${month}/${folder}`, reason: 'manifest.json is missing or damaged' })
        continue
      }
      const receipt = readReceipt(layout, folder)
      listing.bundles.push({
        folder,
        archivedPath: `archive/${month}/${folder}`,
        dir,
        manifest: verdict.manifest,
        fingerprint: verdict.fingerprint,
        receipt,
        receivedAt: receipt?.receivedAt ?? verdict.manifest.createdAt,
      })
    }
  }
  listing.bundles.sort(
    (a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt) || a.folder.localeCompare(b.folder),
  )
  return listing
}

function readReceipt(layout: SharedLayout, submissionId: string): Receipt | null {
  try {
    const parsed = ReceiptSchema.safeParse(
      JSON.parse(readFileSync(join(layout.receipts, `${submissionId}.json`), 'utf8')),
    )
    return parsed.success && parsed.data.submissionId === submissionId ? parsed.data : null
  } catch {
    return null
  }
}
