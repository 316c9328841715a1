import { readFileSync } from 'node:fs'
import type { Office } from '../office'
import { resourcePath } from '../paths'
import { importSetup } from './setup-import'

/** Imports resources/demo/setup.json into an office that has no company yet. Returns whether it did. */
export async function loadDemo(office: Office): Promise<boolean> {
  const company = office.sqlite.prepare('SELECT id FROM company WHERE id = 1').get()
  if (company) return false
  const doc = JSON.parse(readFileSync(resourcePath('demo', 'setup.json'), 'utf8')) as unknown
  await importSetup(office, doc, 'demo')
  return true
}
