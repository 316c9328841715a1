import Database from 'better-sqlite3'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openOffice } from '../../../src-main/core/office'
import { importDemoSetup } from '../../../src-main/core/setup/demo'
import type { CloseoutAnswer } from '../../../src-shared/api/lan'
import { closeoutDoc, defaultFiles, postCloseout, signIn } from '../lan/lan-harness'
import { CloseoutProcess } from './closeout-process'
import { SyncthingInstance, syncthingVersion } from './syncthing-instance'

/**
 * Issue #16, "a real sync client in CI": two Syncthing instances on 127.0.0.1 sync one shared
 * folder; `serve --lan-only` takes closeouts on side A, the office (`serve`) ingests them on
 * side B, and the receipts travel back. Nothing is simulated: real processes, real sync.
 */
const version = syncthingVersion()
const inCi = Boolean(process.env.CI)
if (!version && !inCi)
  console.warn(
    '\n*** SKIPPED: the Syncthing test needs `syncthing` on the PATH (Debian/Ubuntu: apt-get install syncthing; .ci/run installs it). ***\n',
  )

const BUDGET_MS = 180_000
const FIRST = 50
const DURING_PAUSE = 10

const cleanups: (() => Promise<unknown>)[] = []
afterAll(async () => {
  for (const clean of cleanups.reverse()) await clean().catch(() => undefined)
})

async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`)
}

const ids = (docs: Record<string, unknown>[]) => docs.map((d) => String(d.submissionId))
const folderNames = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((n) => !n.startsWith('.')) : [])

describe('a real sync client between the phone form and the office (Syncthing)', () => {
  it('fails in CI when syncthing is missing', () => {
    if (inCi) expect(version, 'CI must install syncthing (.ci/run)').not.toBeNull()
  })

  it.skipIf(!version && !inCi)(
    `${FIRST} closeouts through serve --lan-only on side A arrive exactly once at the office on side B, receipts sync back, a pause mid-transfer loses nothing, and a field-side receipt edit is put right`,
    async () => {
      const t0 = Date.now()
      const lap = (() => {
        let last = t0
        return (label: string) => {
          const now = Date.now()
          console.log(
            `[syncthing] ${label}: ${((now - last) / 1000).toFixed(1)} s (total ${((now - t0) / 1000).toFixed(1)} s)`,
          )
          last = now
        }
      })()
      const root = mkdtempSync(join(tmpdir(), 'closeout-syncthing-'))
      cleanups.push(async () => rmSync(root, { recursive: true, force: true }))
      const sharedA = join(root, 'a', 'shared')
      const sharedB = join(root, 'b', 'shared')

      const a = await SyncthingInstance.start('side-a', join(root, 'a', 'syncthing'))
      cleanups.push(() => a.stop())
      const b = await SyncthingInstance.start('side-b', join(root, 'b', 'syncthing'))
      cleanups.push(() => b.stop())
      await a.addDevice(b)
      await b.addDevice(a)
      await a.addFolder('closeout-shared', sharedA, [b])
      await b.addFolder('closeout-shared', sharedB, [a])
      await a.waitUntil(() => a.connectedTo(b), 30_000)
      lap(`two Syncthing instances (${version}) connected`)

      // The office on side B: the demo company, then `serve` with a 5 s full rescan.
      const dataB = join(root, 'b', 'data')
      const seed = await openOffice({ dataDir: dataB, sharedDir: sharedB })
      await importDemoSetup(seed)
      await seed.close()
      const office = CloseoutProcess.start([
        '--data',
        dataB,
        '--shared',
        sharedB,
        'serve',
        '--office-port',
        '0',
        '--port',
        '0',
        '--rescan',
        '5',
      ])
      cleanups.push(() => office.stop())
      const form = CloseoutProcess.start([
        '--data',
        join(root, 'a', 'data'),
        '--shared',
        sharedA,
        'serve',
        '--lan-only',
        '--port',
        '0',
      ])
      cleanups.push(() => form.stop())
      const base = `http://127.0.0.1:${await form.formPort()}`
      await office.formPort()
      // The office's snapshot reaches side A through Syncthing before anyone can sign in there.
      await waitFor(
        'the office snapshot on side A',
        async () => (await fetch(`${base}/api/technicians`)).status === 200,
        60_000,
      )
      const cookie = await signIn({ base })
      lap('office and lan-only form started, snapshot synced, signed in on side A')

      const post = async (n: number) => {
        const docs = Array.from({ length: n }, () => closeoutDoc())
        for (const doc of docs) {
          const res = await postCloseout({ base }, cookie, doc, defaultFiles())
          expect(res.status, await res.text()).toBe(201)
        }
        return docs
      }
      const submissions = () => {
        const db = new Database(join(dataB, 'closeout.sqlite'), { readonly: true, fileMustExist: true })
        try {
          return db.prepare('SELECT id FROM submissions').pluck().all() as string[]
        } finally {
          db.close()
        }
      }
      const receiptOnA = (id: string) => {
        try {
          return JSON.parse(readFileSync(join(sharedA, 'receipts', `${id}.json`), 'utf8')) as { status: string }
        } catch {
          return null
        }
      }
      const settled = async (all: string[]) => {
        await waitFor(
          `${all.length} submissions in the office database`,
          () => submissions().length >= all.length,
          90_000,
        )
        await waitFor('every receipt synced back to side A', () => all.every((id) => receiptOnA(id) !== null), 60_000)
        expect(submissions().sort()).toEqual([...all].sort())
        expect(folderNames(join(sharedB, 'rejected'))).toEqual([])
        expect(folderNames(join(sharedB, 'inbox'))).toEqual([])
        for (const id of all) {
          const answer = (await (
            await fetch(`${base}/api/receipts/${id}`, { headers: { cookie } })
          ).json()) as CloseoutAnswer
          expect(answer.status, id).not.toBe('waiting')
          expect(answer.receipt?.submissionId).toBe(id)
        }
      }

      const first = ids(await post(FIRST))
      lap(`${FIRST} closeouts posted on side A`)
      await settled(first)
      lap(`${FIRST} ingested on side B (0 rejected, 0 pending), every receipt back on side A`)

      // A pause mid-transfer: side A stops talking to B with bundles on their way.
      const duringPause = ids(await post(3))
      await a.pause(b)
      duringPause.push(...ids(await post(DURING_PAUSE - 3)))
      await new Promise((r) => setTimeout(r, 3000))
      expect(submissions().length).toBeLessThan(FIRST + DURING_PAUSE)
      await a.resume(b)
      await settled([...first, ...duringPause])
      lap(`pause mid-transfer and resume: ${DURING_PAUSE} more, all ingested exactly once`)

      // A field-side edit of a receipt: the office owns receipts/ and puts it back.
      const edited = first[0]!
      const right = readFileSync(join(sharedA, 'receipts', `${edited}.json`), 'utf8')
      const wrong = { ...JSON.parse(right), status: 'invoice-ready', comment: 'edited on side A' }
      expect(wrong.status).not.toBe(JSON.parse(right).status)
      writeFileSync(join(sharedA, 'receipts', `${edited}.json`), JSON.stringify(wrong))
      await waitFor(
        'the office to rewrite the edited receipt and Syncthing to bring it back',
        () => receiptOnA(edited)?.status === (JSON.parse(right) as { status: string }).status,
        60_000,
      )
      const conflicts = () => folderNames(join(sharedA, 'receipts')).filter((n) => n.includes('.sync-conflict-'))
      await waitFor('no conflict copies of receipts on side A', () => conflicts().length === 0, 30_000)
      lap('field-side receipt edit rewritten by the office and synced back')

      expect(await form.stop()).toBe(0)
      expect(await office.stop()).toBe(0)
      expect(Date.now() - t0).toBeLessThan(BUDGET_MS)
    },
    BUDGET_MS,
  )
})
