import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { scanInbox } from '../../src-main/core/inbox/inbox-scan'
import {
  fillRoutineCloseout,
  inboxBundles,
  PHONE,
  signIn,
  startOffice,
  waitForOfflineCopy,
  type Office360,
} from './techform-harness'

test.use(PHONE)

let h: Office360
test.beforeEach(async () => {
  h = await startOffice()
})
test.afterEach(async () => {
  await h.close()
})

test('a technician closes a job from the phone and sees the office receive it', async ({ page }) => {
  await page.goto(h.base)
  await signIn(page)
  await expect(page.getByTestId('job-J-1057')).toBeVisible()

  // The live checklist comes from the rules: nothing is ready on an empty closeout.
  await page.getByTestId('job-J-1057').tap()
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeDisabled()
  await page.getByLabel('What did you do? One task a line').fill('Draft survives a reload')
  await page.reload()
  await expect(page.getByLabel('What did you do? One task a line')).toHaveValue('Draft survives a reload')
  await page.getByRole('button', { name: 'Back to my jobs' }).tap()

  await fillRoutineCloseout(page)
  await page.getByRole('button', { name: 'Send', exact: true }).tap()
  const status = page.getByTestId('outbox-J-1057').getByTestId('status')
  await expect(status).toHaveText(/Delivered to the office PC/)

  const [id] = inboxBundles(h)
  expect(inboxBundles(h)).toHaveLength(1)
  const folder = join(h.office.sharedDir, 'inbox', String(id))
  const doc = JSON.parse(readFileSync(join(folder, 'closeout.json'), 'utf8')) as {
    job: { id: string }
    attachments: { file: string }[]
    signature: { signerName: string }
  }
  expect(doc.job.id).toBe('J-1057')
  expect(doc.attachments.map((a) => a.file)).toEqual(['photos/before-1.jpg', 'photos/after-1.jpg'])
  expect(doc.signature.signerName).toBe('Pat Doe')
  // The 4000x3000 fixture arrives downscaled to 2048 px on its long side.
  const after = readFileSync(join(folder, 'photos', 'after-1.jpg'))
  expect(after.readUInt16BE(0)).toBe(0xffd8)
  expect(jpegSize(after)).toEqual({ width: 2048, height: 1536 })

  const summary = await scanInbox(h.office, {})
  expect(summary, JSON.stringify(summary)).toMatchObject({ ingested: 1 })
  await expect(status).toHaveText(/Received by the office|Invoice ready/, { timeout: 15_000 })
  await expect(page.getByTestId('job-J-1057')).toHaveCount(0)
})

test('offline: a closeout sent while the office PC is down is kept, survives a reload and is delivered once', async ({
  page,
}) => {
  await page.goto(h.base)
  await signIn(page)
  await waitForOfflineCopy(page)
  await h.server.close()

  await fillRoutineCloseout(page)
  await page.getByRole('button', { name: 'Send', exact: true }).tap()
  const status = page.getByTestId('outbox-J-1057').getByTestId('status')
  await expect(status).toHaveText('Saved on this phone')
  await expect(page.getByText('Will send by itself when the office PC is reachable')).toBeVisible()
  expect(inboxBundles(h)).toHaveLength(0)

  // A reload while the office is unreachable: the phone's copy of the form opens, the closeout still waiting.
  await page.reload()
  await expect(page.getByTestId('outbox-J-1057').getByTestId('status')).toHaveText('Saved on this phone')
  await expect(page.getByTestId('offline-banner')).toBeVisible()
  await h.restartServer()
  await page.goto(h.base)
  await expect(page.getByTestId('outbox-J-1057').getByTestId('status')).toHaveText(/Delivered to the office PC/, {
    timeout: 20_000,
  })
  expect(inboxBundles(h)).toHaveLength(1)

  // Nudging the queue again sends nothing new: exactly one bundle.
  await page.reload()
  await expect(page.getByTestId('outbox-J-1057').getByTestId('status')).toHaveText(/Delivered to the office PC/)
  expect(inboxBundles(h)).toHaveLength(1)
})

test('the sign-in refuses a wrong PIN and locks after five', async ({ page }) => {
  await page.goto(h.base)
  await page.getByRole('button', { name: 'Priya Natarajan' }).tap()
  for (let attempt = 0; attempt < 5; attempt++) {
    for (const digit of '1111') await page.getByRole('button', { name: digit, exact: true }).tap()
    await page.getByRole('button', { name: 'Sign in' }).tap()
    await expect(page.getByRole('alert')).toBeVisible()
  }
  await expect(page.getByRole('alert')).toHaveText(/Too many wrong PINs/)
})

/** Width and height from a JPEG's SOF marker. */
function jpegSize(bytes: Buffer): { width: number; height: number } | null {
  let i = 2
  while (i < bytes.length) {
    const marker = bytes[i + 1] ?? 0
    const length = bytes.readUInt16BE(i + 2)
    if (marker >= 0xc0 && marker <= 0xc3) return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) }
    i += 2 + length
  }
  return null
}
