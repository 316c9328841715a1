import { createHash } from 'node:crypto'
import { ManifestSchema, type Manifest, type RejectionReason } from '../../../src-shared/schemas/bundle'
import { bundlePathProblem } from '../../../src-shared/schemas/primitives'
import { issuesToDetails, type PathMessage } from '../../../src-shared/schemas/issues'

/** Limits of spec section 2. The manifest cap only stops a hostile giant before JSON.parse. */
export const MANIFEST_MAX_BYTES = 256 * 1024
export const DOCUMENT_MAX_BYTES = 1024 * 1024
export const FILE_MAX_BYTES = 25 * 1024 * 1024
export const MAX_FILES = 64

export interface Refusal {
  reason: RejectionReason
  details: PathMessage[]
}

export type ManifestVerdict =
  | { ok: true; manifest: Manifest; fingerprint: string }
  /** Not JSON (yet): a sync service may still be writing it; the caller applies the settle time. */
  | { ok: false; unparseable: string }
  | { ok: false; refusal: Refusal }

function refuse(reason: RejectionReason, details: PathMessage[]): ManifestVerdict {
  return { ok: false, refusal: { reason, details } }
}

/** Parses and checks `manifest.json` (spec section 2); never throws on any input. */
export function parseManifest(text: string): ManifestVerdict {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    return { ok: false, unparseable: error instanceof Error ? error.message : String(error) }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return refuse('bad-manifest', [{ path: '(root)', message: 'must be a JSON object' }])
  }
  const files = (raw as { files?: unknown }).files
  if (Array.isArray(files)) {
    const unsafe = unsafeEntries(files)
    if (unsafe.length) return refuse('unsafe-path', unsafe)
    const large = oversizedEntries(files)
    if (large.length) return refuse('too-large', large)
  }
  const parsed = ManifestSchema.safeParse(raw)
  if (!parsed.success) return refuse('bad-manifest', issuesToDetails(parsed.error))
  const manifest = parsed.data
  const problems = listProblems(manifest)
  if (problems.length) return refuse('bad-manifest', problems)
  return { ok: true, manifest, fingerprint: manifestFingerprint(manifest) }
}

function unsafeEntries(files: unknown[]): PathMessage[] {
  const out: PathMessage[] = []
  files.forEach((entry, i) => {
    const path = (entry as { path?: unknown } | null)?.path
    if (typeof path !== 'string') return
    const problem = bundlePathProblem(path)
    if (problem) out.push({ path: `files[${i}].path`, message: `${JSON.stringify(path)} ${problem}` })
  })
  return out
}

function oversizedEntries(files: unknown[]): PathMessage[] {
  if (files.length > MAX_FILES + 1) {
    return [
      {
        path: 'files',
        message: `lists ${files.length} files; a bundle may hold at most ${MAX_FILES} besides the manifest`,
      },
    ]
  }
  const out: PathMessage[] = []
  files.forEach((entry, i) => {
    const { path, size } = (entry ?? {}) as { path?: unknown; size?: unknown }
    if (typeof size !== 'number') return
    const max = path === 'closeout.json' ? DOCUMENT_MAX_BYTES : FILE_MAX_BYTES
    if (size > max)
      out.push({ path: `files[${i}].size`, message: `${size} bytes is over the ${max}-byte limit for ${String(path)}` })
  })
  return out
}

function listProblems(manifest: Manifest): PathMessage[] {
  const out: PathMessage[] = []
  const seen = new Map<string, number>()
  manifest.files.forEach((file, i) => {
    // Windows and macOS fold case and Unicode form: two names that collide there are one file.
    const key = file.path.normalize('NFC').toLowerCase()
    const earlier = seen.get(key)
    if (earlier !== undefined)
      out.push({ path: `files[${i}].path`, message: `"${file.path}" is listed twice (see files[${earlier}])` })
    else seen.set(key, i)
    if (key === 'manifest.json') out.push({ path: `files[${i}].path`, message: 'the manifest must not list itself' })
  })
  if (!manifest.files.some((f) => f.path === 'closeout.json'))
    out.push({ path: 'files', message: 'must list closeout.json' })
  return out
}

/** SHA-256 over the manifest's file list (path, size, sha256), order-independent: the idempotency fingerprint. */
export function manifestFingerprint(manifest: Pick<Manifest, 'files'>): string {
  const list = manifest.files
    .map((f) => [f.path, f.size, f.sha256] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  return createHash('sha256').update(JSON.stringify(list)).digest('hex')
}

/**
 * A new bundle's files end up at `<shared>/archive/<month>/<id>.duplicate-NN/<path>`: 66
 * characters before the path, and a synced folder's own path on Windows (`C:\\Users\\…\\OneDrive
 * - …\\`) often takes 70 more. 100 keeps the whole inside MAX_PATH (260), still the limit of
 * Explorer and many tools, and is far more than a phone or camera names a photo. Only for what
 * arrives in the inbox: a rebuild still reads what an older version archived.
 */
export const MAX_NEW_BUNDLE_PATH = 100

export function pathsTooLongForArchive(manifest: Manifest): PathMessage[] {
  return manifest.files.flatMap((file, i) =>
    file.path.length > MAX_NEW_BUNDLE_PATH
      ? [
          {
            path: `files[${i}].path`,
            message: `${JSON.stringify(file.path)} is ${file.path.length} characters; at most ${MAX_NEW_BUNDLE_PATH}, or under archive/ it would reach past Windows' 260-character path limit`,
          },
        ]
      : [],
  )
}
