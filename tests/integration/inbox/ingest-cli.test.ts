import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, expect, it } from 'vitest'
import { openOffice } from '../../../src-main/core/office'
import { buildBundle, deliverBundle, seedOffice } from './bundle-builder'

const run = promisify(execFile)
const root = mkdtempSync(join(tmpdir(), 'closeout-ingest-cli-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const cli = join(__dirname, '..', '..', '..', 'src-main', 'cli', 'main.ts')

it('`ingest --once --json` prints {ingested, duplicates, rejected, pending}', async () => {
  const data = join(root, 'data')
  const shared = join(root, 'shared')
  mkdirSync(join(shared, 'inbox'), { recursive: true })
  const office = await openOffice({ dataDir: data, sharedDir: shared })
  seedOffice(office)
  await office.close()
  const good = buildBundle()
  deliverBundle(join(shared, 'inbox'), good)
  deliverBundle(join(shared, 'inbox'), good, `${good.id} (1)`)
  deliverBundle(join(shared, 'inbox'), buildBundle(), 'not-its-id')
  const half = buildBundle()
  mkdirSync(join(shared, 'inbox', half.id))
  const args = ['tsx', cli, '--data', data, '--shared', shared, 'ingest', '--once', '--json']
  const { stdout } = await run('npx', args, { cwd: join(__dirname, '..', '..', '..') })
  expect(JSON.parse(stdout)).toEqual({ ingested: 1, duplicates: 1, rejected: 1, pending: 1 })
  const again = await run('npx', args.slice(0, -1), { cwd: join(__dirname, '..', '..', '..') })
  expect(again.stdout).toMatch(/Ingested 0, duplicates 0, rejected 0, pending 1\./)
  await expect(run('npx', ['tsx', cli, '--data', data, '--shared', shared, 'ingest'])).rejects.toMatchObject({
    code: 1,
    stderr: expect.stringMatching(/needs --once/),
  })
}, 180_000) // three CLI starts under tsx: seconds each on a loaded machine
