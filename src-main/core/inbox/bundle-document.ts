import { CloseoutSchema, namedFiles, type Closeout } from '../../../src-shared/schemas/closeout'
import type { Manifest } from '../../../src-shared/schemas/bundle'
import { bundlePathProblem } from '../../../src-shared/schemas/primitives'
import { issuesToDetails, type PathMessage } from '../../../src-shared/schemas/issues'
import type { Refusal } from './bundle-manifest'

export type DocumentVerdict = { ok: true; document: Closeout } | { ok: false; refusal: Refusal }

function refuse(reason: Refusal['reason'], details: PathMessage[]): DocumentVerdict {
  return { ok: false, refusal: { reason, details } }
}

/**
 * Parses a hash-verified `closeout.json` against `closeout/v1` and the manifest: every named
 * file listed, ids agreeing. Only called once the bytes are final, so every problem is final.
 */
export function parseDocument(text: string, manifest: Manifest): DocumentVerdict {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    return refuse('invalid-document', [
      {
        path: '(root)',
        message: `closeout.json is not JSON: ${error instanceof Error ? error.message : String(error)}`,
      },
    ])
  }
  const unsafe = unsafeReferences(raw)
  if (unsafe.length) return refuse('unsafe-path', unsafe)
  const parsed = CloseoutSchema.safeParse(raw)
  if (!parsed.success) return refuse('invalid-document', issuesToDetails(parsed.error))
  const document = parsed.data
  if (document.submissionId !== manifest.submissionId) {
    return refuse('id-mismatch', [
      {
        path: 'submissionId',
        message: `closeout.json says ${document.submissionId} but manifest.json says ${manifest.submissionId}`,
      },
    ])
  }
  const problems = referenceProblems(document, manifest)
  if (problems.length) return refuse('invalid-document', problems)
  return { ok: true, document }
}

function unsafeReferences(raw: unknown): PathMessage[] {
  if (typeof raw !== 'object' || raw === null) return []
  const out: PathMessage[] = []
  const check = (value: unknown, path: string) => {
    if (typeof value !== 'string') return
    const problem = bundlePathProblem(value)
    if (problem) out.push({ path, message: `${JSON.stringify(value)} ${problem}` })
  }
  const { attachments, signature } = raw as { attachments?: unknown; signature?: unknown }
  if (Array.isArray(attachments))
    attachments.forEach((a, i) => check((a as { file?: unknown } | null)?.file, `attachments[${i}].file`))
  check((signature as { file?: unknown } | null)?.file, 'signature.file')
  return out
}

function referenceProblems(document: Closeout, manifest: Manifest): PathMessage[] {
  const listed = new Set(manifest.files.map((f) => f.path))
  const out: PathMessage[] = []
  const seen = new Set<string>()
  const paths = document.attachments.map((_, i) => `attachments[${i}].file`)
  if (document.signature) paths.push('signature.file')
  namedFiles(document).forEach((file, i) => {
    const path = paths[i] ?? '(root)'
    if (file === 'closeout.json' || file === 'manifest.json')
      out.push({ path, message: `"${file}" is not an attachment` })
    else if (!listed.has(file)) out.push({ path, message: `"${file}" is not listed in manifest.json` })
    if (seen.has(file)) out.push({ path, message: `"${file}" is named twice` })
    seen.add(file)
  })
  return out
}
