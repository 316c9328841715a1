import { createHash, randomUUID } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { runAutomaticBackup, saveBackupFolder } from '../../src-main/core/backup/automatic-backup'
import { createBackup } from '../../src-main/core/backup/create-backup'
import type { SqliteOffice } from '../../src-main/core/office'
import { importSetup } from '../../src-main/core/setup/setup-import'
import { blobPath } from '../../src-main/core/store/attachment-store'
import { fakeJpeg } from '../integration/inbox/bundle-builder'
import { cloneJob } from '../support/invoice-builder'
import { demoSetup, tempOffice } from '../support/temp-office'

const JOBS = 10_000
const PHOTOS_PER_JOB = 3
/** Small but distinct pictures: the cost under test is per photo (a stat, a copy), not per byte. */
const PHOTO_BYTES = 1024

/**
 * A backup of an office with 10,000 jobs and 30,000 photos: the first automatic backup (every
 * photo copied into the backup folder's blobs/), then the next one when nothing changed (goal
 * < 5 s: one database snapshot, one stat per photo, rotation), and `closeout backup --out`'s
 * self-contained file for comparison.
 */
export async function run(): Promise<void> {
  const t = await tempOffice()
  try {
    await importSetup(t.office, demoSetup())
    let s = performance.now()
    fillOffice(t.office)
    console.log(`office filled: ${JOBS} jobs, ${JOBS * PHOTOS_PER_JOB} photos:  ${ms(s)} ms (setup, not measured)`)
    await saveBackupFolder(t.office, join(t.folders.root, 'backups'))

    s = performance.now()
    const first = await runAutomaticBackup(t.office)
    console.log(
      `first automatic backup:                 ${ms(s)} ms  (${first.blobsCopied} photos copied, file ${mb(first.size)} MB)`,
    )
    s = performance.now()
    const second = await runAutomaticBackup(t.office, { now: new Date(Date.now() + 60_000) })
    console.log(
      `incremental, nothing changed:           ${ms(s)} ms  (goal < 5000; ${second.blobsCopied} photos copied, file ${mb(second.size)} MB)`,
    )
    s = performance.now()
    const whole = await createBackup(t.office, {
      out: join(t.folders.root, 'whole.closeout-backup'),
      attachments: 'inside',
    })
    console.log(`backup --out (photos inside one file):  ${ms(s)} ms  (file ${mb(whole.size)} MB)`)
  } finally {
    await t.dispose()
  }
}

function fillOffice(office: SqliteOffice): void {
  const { sqlite } = office
  const submission = sqlite.prepare(
    `INSERT INTO submissions (id, job_id, technician_id, fingerprint, document_json, completed_at, received_at, findings_json)
     VALUES (?, ?, 'T-07', ?, '{}', ?, ?, '[]')`,
  )
  const attachment = sqlite.prepare(
    `INSERT INTO attachments (submission_id, file, category, sha256, size, taken_at, mime) VALUES (?, ?, 'before', ?, ?, NULL, 'image/jpeg')`,
  )
  const setCurrent = sqlite.prepare(`UPDATE jobs SET current_submission_id = ?, status = 'needs-review' WHERE id = ?`)
  const at = new Date().toISOString()
  sqlite.transaction(() => {
    for (let i = 0; i < JOBS; i++) {
      const jobId = `J-K${String(i).padStart(5, '0')}`
      const submissionId = randomUUID()
      cloneJob(office, 'J-1042', jobId)
      submission.run(submissionId, jobId, sha256(submissionId), at, at)
      for (let p = 0; p < PHOTOS_PER_JOB; p++) {
        const bytes = fakeJpeg(PHOTO_BYTES)
        const sha = sha256(bytes)
        const file = blobPath(office.attachmentsDir, sha)
        mkdirSync(dirname(file), { recursive: true })
        writeFileSync(file, bytes)
        attachment.run(submissionId, `photos/${p}.jpg`, sha, bytes.length)
      }
      setCurrent.run(submissionId, jobId)
    }
  })()
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex')
const ms = (since: number) => (performance.now() - since).toFixed(0)
const mb = (bytes: number) => (bytes / 1048576).toFixed(1)
