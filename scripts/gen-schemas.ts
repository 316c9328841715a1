/**
 * Generates the published JSON Schemas in docs/schemas/ from the zod schemas, which are the
 * source of truth. `--check` fails (exit 1) when a checked-in file is out of date.
 */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { CloseoutSchema } from '../src-shared/schemas/closeout'
import { ManifestSchema, ReceiptSchema, RejectionSchema } from '../src-shared/schemas/bundle'
import { SetupSchema } from '../src-shared/schemas/setup'

const OUT = join(__dirname, '..', 'docs', 'schemas')
const schemas: Record<string, { schema: z.ZodType; title: string }> = {
  'closeout-v1': { schema: CloseoutSchema, title: 'Closeout document, closeout/v1' },
  'manifest-v1': { schema: ManifestSchema, title: 'Bundle manifest, closeout-manifest/v1' },
  'receipt-v1': { schema: ReceiptSchema, title: 'Receipt, closeout-receipt/v1' },
  'rejection-v1': { schema: RejectionSchema, title: 'Rejection, closeout-rejection/v1 (REJECTED.json)' },
  'setup-v1': { schema: SetupSchema, title: 'Setup file, closeout-setup/v1' },
}

const check = process.argv.includes('--check')
const stale: string[] = []
mkdirSync(OUT, { recursive: true })
for (const [name, { schema, title }] of Object.entries(schemas)) {
  const json = { title, ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) }
  const text = `${JSON.stringify(json, null, 2)}\n`
  const file = join(OUT, `${name}.schema.json`)
  if (check) {
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) stale.push(file)
  } else writeFileSync(file, text)
}
if (stale.length) {
  console.error(`JSON Schemas are out of date (run npm run schemas): ${stale.join(', ')}`)
  process.exit(1)
}
if (!check) console.log(`Wrote ${Object.keys(schemas).length} schemas to docs/schemas/`)
