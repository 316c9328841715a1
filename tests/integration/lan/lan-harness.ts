import { readFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { startLanOffice, type LanOffice } from '../../support/lan-office'

/** The LAN server on the demo company's office; API-only (no built form). */
export type Harness = LanOffice

export const startHarness = (): Promise<Harness> => startLanOffice()

/** One sign-in attempt, whatever its answer. */
export const trySignIn = (h: { base: string }, technicianId: string, pin: string): Promise<Response> =>
  fetch(`${h.base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ technicianId, pin }),
  })

export async function signIn(h: { base: string }, technicianId = 'T-07', pin = '4321'): Promise<string> {
  const res = await trySignIn(h, technicianId, pin)
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`)
  const cookie = res.headers.get('set-cookie') ?? ''
  return cookie.split(';')[0] ?? ''
}

export const fixture = (name: string): Buffer => readFileSync(join(__dirname, '..', '..', 'fixtures', 'photos', name))

export function closeoutDoc(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schema: 'closeout/v1',
    submissionId: randomUUID(),
    job: { id: 'J-1042' },
    technician: { id: 'T-07', name: 'Sam Ortiz' },
    completedAt: '2026-11-25T14:03:00-05:00',
    workPerformed: { tasks: ['Replaced run capacitor'], notes: 'Cooling at 18F split.' },
    labor: [{ role: 'journeyman', hours: '1.5', billable: true, overtime: false }],
    parts: [{ sku: 'CAP-45-5', description: '45/5 MFD capacitor', quantity: 1, unitPrice: '38.00' }],
    attachments: [
      { file: 'photos/before-1.jpg', category: 'before' },
      { file: 'photos/after-1.jpg', category: 'after' },
    ],
    signature: { file: 'signature.png', signerName: 'Pat Doe' },
    ...overrides,
  }
}

/** The two fixture photos and the PNG as the signature, under the names the default document uses. */
export function defaultFiles(): Record<string, Buffer> {
  return {
    'photos/before-1.jpg': fixture('condenser-before.jpg'),
    'photos/after-1.jpg': fixture('condenser-after.jpg'),
    'signature.png': fixture('serial-plate.png'),
  }
}

export async function postCloseout(
  h: { base: string },
  cookie: string,
  doc: Record<string, unknown>,
  files: Record<string, Buffer>,
): Promise<Response> {
  const form = new FormData()
  form.append('closeout', JSON.stringify(doc))
  for (const [name, bytes] of Object.entries(files)) form.append(name, new Blob([new Uint8Array(bytes)]), 'upload.bin')
  return fetch(`${h.base}/api/closeouts`, { method: 'POST', headers: { cookie }, body: form })
}

/** A raw request, for headers fetch() will not let a test set (Host, a lying Content-Length). */
export function rawRequest(
  h: Harness,
  options: { method: string; path: string; headers: Record<string, string>; body?: Buffer },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: h.server.port, method: options.method, path: options.path, headers: options.headers },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        )
      },
    )
    req.on('error', reject)
    if (options.body) req.write(options.body)
    req.end()
  })
}
