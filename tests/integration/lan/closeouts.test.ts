import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  closeoutDoc,
  defaultFiles,
  fixture,
  postCloseout,
  rawRequest,
  signIn,
  startHarness,
  type Harness,
} from './lan-harness'

let h: Harness
let cookie: string
beforeEach(async () => {
  h = await startHarness()
  cookie = await signIn(h)
})
afterEach(async () => {
  await h.close()
})

/** Bundle folders in the inbox (readers ignore dot-names such as .tmp-<id>). */
const inboxBundles = (): string[] => {
  const inbox = join(h.sharedDir, 'inbox')
  return existsSync(inbox) ? readdirSync(inbox).filter((n) => !n.startsWith('.')) : []
}
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')

describe('POST /api/closeouts', () => {
  it('writes a complete bundle per spec section 2 with server-made file names', async () => {
    const doc = closeoutDoc()
    const res = await postCloseout(h, cookie, doc, defaultFiles())
    expect(res.status).toBe(201)
    const answer = (await res.json()) as { submissionId: string; status: string; receipt: unknown }
    expect(answer).toEqual({ submissionId: doc.submissionId, status: 'waiting', receipt: null })

    expect(readdirSync(join(h.sharedDir, 'inbox'))).toEqual([doc.submissionId])
    const folder = join(h.sharedDir, 'inbox', String(doc.submissionId))
    const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as {
      submissionId: string
      files: { path: string; size: number; sha256: string }[]
    }
    expect(manifest.submissionId).toBe(doc.submissionId)
    expect(manifest.files.map((f) => f.path)).toEqual([
      'closeout.json',
      'photos/before-1.jpg',
      'photos/after-1.jpg',
      'signature.png',
    ])
    for (const f of manifest.files) {
      const bytes = readFileSync(join(folder, ...f.path.split('/')))
      expect(bytes.length).toBe(f.size)
      expect(sha(bytes)).toBe(f.sha256)
    }
    expect(readFileSync(join(folder, 'photos', 'before-1.jpg')).equals(fixture('condenser-before.jpg'))).toBe(true)
    const written = JSON.parse(readFileSync(join(folder, 'closeout.json'), 'utf8')) as {
      technician: { id: string }
      signature: { file: string }
    }
    expect(written.technician.id).toBe('T-07')
    expect(written.signature.file).toBe('signature.png')
    // No upload debris is left in the data folder either.
    expect(readdirSync(join(h.dataDir, 'tmp', 'lan-uploads'))).toEqual([])
  })

  it('answers a retry with the same content 200 and the same answer, a different one 409', async () => {
    const doc = closeoutDoc()
    const first = await postCloseout(h, cookie, doc, defaultFiles())
    const firstBody = await first.json()
    const again = await postCloseout(h, cookie, doc, defaultFiles())
    expect(again.status).toBe(200)
    expect(await again.json()).toEqual(firstBody)

    const changed = await postCloseout(h, cookie, { ...doc, parts: [] }, defaultFiles())
    expect(changed.status).toBe(409)
    expect(((await changed.json()) as { error: { code: string } }).error.code).toBe('conflicting-resubmission')
    const otherPhoto = { ...defaultFiles(), 'photos/after-1.jpg': fixture('large-4000x3000.jpg') }
    expect((await postCloseout(h, cookie, doc, otherPhoto)).status).toBe(409)
    expect(inboxBundles()).toEqual([doc.submissionId])
  })

  it('recognises a bundle the office already archived, and shows its receipt', async () => {
    const doc = closeoutDoc()
    await postCloseout(h, cookie, doc, defaultFiles())
    const id = String(doc.submissionId)
    const month = join(h.sharedDir, 'archive', '2026-11')
    mkdirSync(month, { recursive: true })
    // What the inbox does after ingesting: move the folder to the archive and write a receipt.
    const { renameSync } = await import('node:fs')
    renameSync(join(h.sharedDir, 'inbox', id), join(month, id))
    mkdirSync(join(h.sharedDir, 'receipts'), { recursive: true })
    const receipt = {
      schema: 'closeout-receipt/v1',
      submissionId: id,
      jobId: 'J-1042',
      receivedAt: '2026-11-25T19:05:00Z',
      updatedAt: '2026-11-25T19:05:00Z',
      status: 'invoice-ready',
      findings: [],
      comment: null,
    }
    writeFileSync(join(h.sharedDir, 'receipts', `${id}.json`), JSON.stringify(receipt))
    const again = await postCloseout(h, cookie, doc, defaultFiles())
    expect(again.status).toBe(200)
    expect(((await again.json()) as { status: string }).status).toBe('invoice-ready')
    expect(existsSync(join(h.sharedDir, 'inbox', id))).toBe(false)
    expect((await postCloseout(h, cookie, { ...doc, serialNumbers: ['X'] }, defaultFiles())).status).toBe(409)
  })

  it('refuses a file that is not a JPEG or PNG with a clear message', async () => {
    const files = {
      ...defaultFiles(),
      'photos/after-1.jpg': Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    }
    const res = await postCloseout(h, cookie, closeoutDoc(), files)
    expect(res.status).toBe(415)
    const body = (await res.json()) as { error: { message: string; details: { path: string }[] } }
    expect(body.error.message).toMatch(/not a JPEG or PNG/)
    expect(body.error.details[0]?.path).toBe('attachments[1].file')
    expect(inboxBundles()).toEqual([])
  })

  it('ignores path tricks in part names and refuses them in the document', async () => {
    const files = {
      ...defaultFiles(),
      '../../../evil.jpg': fixture('condenser-before.jpg'),
      '..%2f..%2fevil2.jpg': fixture('condenser-before.jpg'),
    }
    const doc = closeoutDoc()
    expect((await postCloseout(h, cookie, doc, files)).status).toBe(201)
    const manifest = JSON.parse(
      readFileSync(join(h.sharedDir, 'inbox', String(doc.submissionId), 'manifest.json'), 'utf8'),
    ) as { files: { path: string }[] }
    expect(manifest.files).toHaveLength(4)
    expect(existsSync(join(h.sharedDir, 'evil.jpg'))).toBe(false)
    expect(existsSync(join(h.root, 'evil.jpg'))).toBe(false)

    const tricky = closeoutDoc({ attachments: [{ file: '../../evil.jpg', category: 'before' }] })
    const res = await postCloseout(h, cookie, tricky, {
      '../../evil.jpg': fixture('condenser-before.jpg'),
      'signature.png': fixture('serial-plate.png'),
    })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { code: string; details: { path: string; message: string }[] } }
    expect(body.error.code).toBe('invalid-document')
    expect(body.error.details[0]).toEqual({ path: 'attachments[0].file', message: 'must not contain ".."' })
  })

  it('names the field of an invalid document and a missing file part', async () => {
    const bad = await postCloseout(
      h,
      cookie,
      closeoutDoc({ parts: [{ description: 'Cap', quantity: 'two' }] }),
      defaultFiles(),
    )
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { details: { path: string }[] } }).error.details[0]?.path).toBe(
      'parts[0].quantity',
    )
    const missing = await postCloseout(h, cookie, closeoutDoc(), {
      'photos/before-1.jpg': fixture('condenser-before.jpg'),
    })
    expect(missing.status).toBe(400)
    expect(((await missing.json()) as { error: { details: { path: string }[] } }).error.details[0]?.path).toBe(
      'attachments[1].file',
    )
  })

  it('refuses a closeout for another technician', async () => {
    const res = await postCloseout(h, cookie, closeoutDoc({ technician: { id: 'T-08' } }), defaultFiles())
    expect(res.status).toBe(403)
  })

  it('answers 413 for a file over 25 MiB, more than 64 files, or a request over 200 MiB', async () => {
    const big = Buffer.alloc(25 * 1024 * 1024 + 10, 1)
    big[0] = 0xff
    big[1] = 0xd8
    big[2] = 0xff
    const res = await postCloseout(h, cookie, closeoutDoc(), { ...defaultFiles(), 'photos/after-1.jpg': big })
    expect(res.status).toBe(413)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('too-large')

    const many: Record<string, Buffer> = {}
    for (let i = 0; i < 65; i++) many[`photos/p-${i}.jpg`] = fixture('condenser-before.jpg')
    expect((await postCloseout(h, cookie, closeoutDoc(), many)).status).toBe(413)

    const declared = await rawRequest(h, {
      method: 'POST',
      path: '/api/closeouts',
      headers: {
        cookie,
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(201 * 1024 * 1024),
      },
      body: Buffer.from('--x\r\n'),
    })
    expect(declared.status).toBe(413)
    expect(inboxBundles()).toEqual([])
    expect(readdirSync(join(h.dataDir, 'tmp', 'lan-uploads'))).toEqual([])
  }, 30_000)
})

describe('a chunked upload without Content-Length', () => {
  it('is cut off at 200 MiB while it streams', async () => {
    const boundary = 'closeout-test-boundary'
    const mib = Buffer.alloc(1024 * 1024, 7)
    mib[0] = 0xff
    mib[1] = 0xd8
    mib[2] = 0xff
    // 9 files of 23 MiB: each under the per-file limit, 207 MiB together.
    async function* body() {
      yield Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="closeout"\r\n\r\n${JSON.stringify(closeoutDoc())}\r\n`,
      )
      for (let f = 0; f < 9; f++) {
        yield Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="photos/p-${f}.jpg"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
        )
        for (let i = 0; i < 23; i++) yield mib
        yield Buffer.from('\r\n')
      }
      yield Buffer.from(`--${boundary}--\r\n`)
    }
    const chunks = body()
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await chunks.next()
        if (next.done) controller.close()
        else controller.enqueue(next.value)
      },
    })
    const res = await fetch(`${h.base}/api/closeouts`, {
      method: 'POST',
      headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: stream,
      duplex: 'half',
    } as RequestInit).catch((error: unknown) => error)
    // The server answers 413 and closes; a client still writing may see the reset instead.
    if (res instanceof Response) expect(res.status).toBe(413)
    else expect(String(res)).toMatch(/fetch failed|socket|reset/i)
    expect(inboxBundles()).toEqual([])
    expect(readdirSync(join(h.dataDir, 'tmp', 'lan-uploads'))).toEqual([])
  }, 60_000)
})

describe('GET /api/receipts/:id', () => {
  it('answers the submitting technician and nobody else', async () => {
    const doc = closeoutDoc()
    await postCloseout(h, cookie, doc, defaultFiles())
    const mine = await fetch(`${h.base}/api/receipts/${String(doc.submissionId)}`, { headers: { cookie } })
    expect(mine.status).toBe(200)
    expect(((await mine.json()) as { status: string }).status).toBe('waiting')

    const other = await signIn(h, 'T-08', '5678')
    const theirs = await fetch(`${h.base}/api/receipts/${String(doc.submissionId)}`, { headers: { cookie: other } })
    expect(theirs.status).toBe(404)
    const unknown = await fetch(`${h.base}/api/receipts/00000000-0000-4000-8000-000000000000`, { headers: { cookie } })
    expect(unknown.status).toBe(404)
    expect((await fetch(`${h.base}/api/receipts/..%2f..%2fclosesout`, { headers: { cookie } })).status).toBe(404)
  })
})

describe('GET /api/jobs and /api/price-book', () => {
  it("lists the technician's open jobs with what each job type requires", async () => {
    const body = (await (await fetch(`${h.base}/api/jobs`, { headers: { cookie } })).json()) as {
      technician: { id: string }
      jobs: {
        id: string
        customer: string
        requirements: { photos: Record<string, number>; serialNumber: boolean; signature: boolean }
        estimate: unknown[]
      }[]
      laborRoles: { role: string }[]
    }
    expect(body.technician.id).toBe('T-07')
    const j1042 = body.jobs.find((j) => j.id === 'J-1042')
    expect(j1042?.customer).toBe('Acme Dental')
    expect(j1042?.requirements).toEqual({
      photos: { before: 1, after: 1, 'serial-plate': 1 },
      serialNumber: true,
      signature: true,
    })
    expect(j1042?.estimate.length).toBeGreaterThan(0)
    const all = h.office.sqlite
      .prepare(`SELECT id FROM jobs WHERE technician_id = 'T-07' AND status = 'scheduled'`)
      .all()
    expect(body.jobs).toHaveLength(all.length)
    expect(body.laborRoles.map((r) => r.role)).toContain('journeyman')
  })

  it('searches the price book by SKU or words', async () => {
    const res = await fetch(`${h.base}/api/price-book?q=${encodeURIComponent('capacitor 45')}`, { headers: { cookie } })
    const body = (await res.json()) as { items: { sku: string; unitPrice: string }[] }
    expect(body.items.map((i) => i.sku)).toContain('CAP-45-5')
    expect(body.items.find((i) => i.sku === 'CAP-45-5')?.unitPrice).toBe('38.00')
  })
})
