import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

/**
 * Issue #15: a screen starts an office action through `useMutation` (src-renderer/office/app/
 * use-mutation.ts), which reads the failure once into a message, the API's code and each field's
 * message, so the error lands on the field the API names (and a wrong PIN beside the PIN). A
 * component that wraps an office call in its own try/catch (or `.catch`) is back to showing
 * `e.message` somewhere above the form; this guard fails on it.
 *
 * Scope: components and screens (src-renderer/office/features, src-renderer/office/components),
 * and the technician form's screens (src-renderer/techform/*.tsx, on `useTechAction`).
 * src-renderer/office/app is the machinery under the hook (the transport, the session, the hook
 * itself, file-handoff's helpers that close a tab and rethrow) and may catch; so may the phone's
 * .ts modules (the send queue records a failed send on the queued closeout and retries it).
 */
const ROOT = join(__dirname, '../../..')
const SCOPES = ['src-renderer/office/features', 'src-renderer/office/components', 'src-renderer/techform']

/**
 * What may stay, path → the reason. No office screen is on it: even the sign-in screens run on
 * the hook. (A read that only drops a failed promise from a cache, as PhotoGallery's loadImage
 * does with `p.catch`, is not matched.)
 */
const ALLOWED: Record<string, string> = {
  // Start-up and the 30-second refresh run in the background, not from a button: a 401 goes to
  // the sign-in screen and an office out of reach keeps the job list kept on the phone.
  'src-renderer/techform/app.tsx': 'background session check and refresh',
  // The price-book search while typing: no answer means no suggestions, not an error to show.
  'src-renderer/techform/lines-sections.tsx': 'search suggestions fall back to none',
}

/**
 * Names imported from these modules reach an API: the office's `call`, `saveBatchFile` and
 * `openPacket`; the phone's `api` object (`api.signIn(...)`).
 */
const API_MODULES = /\/app\/(api|file-handoff)$|^\.\/api$/
/** Imported from those modules but not an API call. */
const NOT_CALLS = new Set(['desktop', 'subscribe', 'bridge', 'ApiCallError', 'onSignedOut', 'resetEvents'])

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  )
}

/** Each place in `text` where an office call runs inside a try/catch or before a `.catch(`: "line: what". */
function adHocCatches(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX)
  const apiNames = new Set<string>()
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue
    if (!API_MODULES.test(statement.moduleSpecifier.text)) continue
    const bindings = statement.importClause?.namedBindings
    if (bindings && ts.isNamedImports(bindings))
      for (const e of bindings.elements) if (!e.isTypeOnly && !NOT_CALLS.has(e.name.text)) apiNames.add(e.name.text)
  }
  const callsApi = (node: ts.Node): boolean => {
    if (ts.isCallExpression(node)) {
      const callee = ts.isPropertyAccessExpression(node.expression) ? node.expression.expression : node.expression
      if (ts.isIdentifier(callee) && apiNames.has(callee.text)) return true
    }
    return ts.forEachChild(node, (child) => (callsApi(child) ? true : undefined)) ?? false
  }
  const line = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart()).line + 1
  const found: string[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isTryStatement(node) && node.catchClause && callsApi(node.tryBlock))
      found.push(`${line(node)}: an API call inside try/catch`)
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'catch' &&
      callsApi(node.expression.expression)
    )
      found.push(`${line(node)}: .catch on an API call`)
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

describe('office actions go through useMutation (issue #15)', () => {
  it('no component or screen catches an office call itself', () => {
    const offenders = SCOPES.flatMap((scope) => sources(join(ROOT, scope)))
      .map((file) => ({ path: relative(ROOT, file).split('\\').join('/'), text: readFileSync(file, 'utf8') }))
      .filter((f) => !(f.path in ALLOWED) && (f.path.endsWith('.tsx') || !f.path.startsWith('src-renderer/techform/')))
      .flatMap((f) => adHocCatches(f.path, f.text).map((where) => `${f.path}:${where}`))
    expect(offenders).toEqual([])
    // An allowed file that no longer catches leaves the list.
    for (const path of Object.keys(ALLOWED))
      expect(adHocCatches(path, readFileSync(join(ROOT, path), 'utf8')), path).not.toEqual([])
  })

  it('catches the ad-hoc shapes it is there for, and leaves the hook and local storage alone', () => {
    const adHoc = `
import { call as office } from '../../app/api'
import { saveBatchFile } from '../../app/file-handoff'
export function A() {
  const save = async () => {
    try {
      await office('exports.markImported', { batchId: 1 })
    } catch (e) {
      setMessage(String(e))
    }
  }
  const later = () => void saveBatchFile(1, file).catch(() => setMessage('no'))
  return null
}`
    expect(adHocCatches('a.tsx', adHoc)).toEqual(['6: an API call inside try/catch', '12: .catch on an API call'])
    const phone = `
import { api } from './api'
export function SignIn() {
  const submit = async () => {
    try {
      await api.signIn('T-1', '1234')
    } catch {
      setError('no')
    }
  }
  return null
}`
    expect(adHocCatches('sign-in.tsx', phone)).toEqual(['5: an API call inside try/catch'])
    const proper = `
import { call, desktop } from '../../app/api'
import { useMutation } from '../../app/use-mutation'
export function B() {
  const mutation = useMutation()
  const save = async () => {
    const r = await mutation.run(() => call('exports.markImported', { batchId: 1 }))
    try {
      window.localStorage.setItem('k', 'v')
    } catch {
      // no storage
    }
    await desktop()?.openDraft('x').catch(() => false)
  }
  return null
}`
    expect(adHocCatches('b.tsx', proper)).toEqual([])
  })
})
