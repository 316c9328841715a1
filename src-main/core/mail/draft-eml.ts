import { join } from 'node:path'
import MailComposer from 'nodemailer/lib/mail-composer'
import type Mail from 'nodemailer/lib/mailer'
import { writeFileAtomic } from '../fs/atomic'

/**
 * The message as an .eml file marked `X-Unsent: 1`, so Outlook and Apple Mail open it as a
 * draft the clerk sends from their own mailbox: Closeout needs no password in this mode.
 */
export async function draftEml(options: Mail.Options): Promise<Buffer> {
  const node = new MailComposer({ ...options, headers: { ...(options.headers as object), 'X-Unsent': '1' } }).compile()
  return new Promise((resolvePromise, reject) => {
    node.build((error, message) => (error ? reject(error) : resolvePromise(message)))
  })
}

/** Writes the draft into the data folder's drafts/ (replacing an earlier draft of the same invoice). */
export async function writeDraft(dataDir: string, fileStem: string, options: Mail.Options): Promise<string> {
  const file = join(dataDir, 'drafts', `${fileStem}.eml`)
  writeFileAtomic(file, await draftEml(options))
  return file
}
