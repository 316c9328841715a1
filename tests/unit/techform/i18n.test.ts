import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { en } from '../../../src-renderer/techform/i18n/en'
import { es } from '../../../src-renderer/techform/i18n/es'

const DIR = join(__dirname, '..', '..', '..', 'src-renderer', 'techform')

describe('the technician form speaks English and Spanish', () => {
  it('both catalogs have the same keys, each of the same kind', () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort())
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(typeof es[key], key).toBe(typeof en[key])
  })

  it('no Spanish entry is left in English', () => {
    // Words that are the same in both languages are few: list them, so a forgotten copy shows.
    const same = new Set(['Total est.'])
    const untranslated = (Object.keys(en) as (keyof typeof en)[]).filter((key) => {
      const a = en[key]
      const b = es[key]
      const text = (v: unknown) => {
        if (typeof v !== 'function') return v
        const f = v as (...x: unknown[]) => unknown
        try {
          return String(f(2, 'X', 3))
        } catch {
          return String(f('X', 2, 3))
        }
      }
      return text(a) === text(b) && !same.has(String(text(a)))
    })
    expect(untranslated).toEqual([])
  })

  it('a parameterised message reads naturally in both languages', () => {
    expect(en.thingsToDo(1)).toBe('1 thing to do')
    expect(es.thingsToDo(1)).toBe('Falta 1 cosa')
    expect(es.thingsToDo(3)).toBe('Faltan 3 cosas')
    expect(es.photoItem(2, es.catBefore, 1)).toBe('2 fotos de antes (1 hasta ahora)')
  })

  /**
   * A text a technician reads must come from the catalog: no letters in JSX text, in the
   * attributes people read or hear (placeholder, aria-label, title, label, hint, description,
   * summary), nor in the string arguments of setError/setProblem/confirm, in the form's components.
   */
  it('the form components hold no user-visible literal outside the catalogs', () => {
    const allowed = new Set(['Closeout', 'English', 'Español', 'h', '$', '—'])
    const found: string[] = []
    for (const file of readdirSync(DIR).filter((f) => f.endsWith('.tsx'))) {
      const src = readFileSync(join(DIR, file), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\{\/\*[\s\S]*?\*\/\}/g, '')
        .replace(/^\s*\/\/.*$/gm, '')
      const hits = [
        // Text between tags: >Words< (ignoring expressions).
        ...[...src.matchAll(/(?<!=)>([^<>{}()=;[\]|&]*[A-Za-zÀ-ÿ][^<>{}()=;[\]|&]*)</g)].map((x) => x[1]!.trim()),
        // Attributes a person reads or hears, given as plain strings or template literals.
        ...[
          ...src.matchAll(
            /\b(?:placeholder|aria-label|title|label|hint|description|summary|alt)=(?:"([^"]*)"|\{`([^`]*)`\}|\{'([^']*)'\})/g,
          ),
        ].map((x) => (x[1] ?? x[2] ?? x[3] ?? '').replace(/\$\{[^}]*\}/g, '').trim()),
        // Messages handed to the screen directly.
        ...[...src.matchAll(/\b(?:setError|setProblem|confirm|alert)\(\s*(?:'([^']*)'|"([^"]*)"|`([^`]*)`)/g)].map(
          (x) => x[1] ?? x[2] ?? x[3] ?? '',
        ),
      ].filter((t) => /[A-Za-zÀ-ÿ]/.test(t) && !allowed.has(t))
      for (const t of hits) found.push(`${file}: ${t}`)
    }
    expect(found).toEqual([])
  })
})
