import { MailSettingsSchema } from '../../../src-shared/api/mail'
import { confirmAdmin } from '../auth/admin-confirm'
import { CloseoutError } from '../errors'
import { mailSettingsView, smtpPasswordSource, SMTP_PASSWORD_VARIABLE, updateMailSettings } from '../mail/mail-settings'
import { sendBatch } from '../mail/send-batch'
import { sendPacket } from '../mail/send-packet'
import type { Office } from '../office'
import { signedIn, type PrefixHandlers } from './handler-types'

/**
 * The mail.* methods (contract: src-shared/api/mail.ts). Reading the settings and sending are
 * anyone's; changing how packets are e-mailed is an admin's, confirmed with their own PIN (a
 * billing user could otherwise point SMTP at a server they control and read every packet), and
 * recorded with before/after. The password never appears: only where it comes from and whether
 * this save changed it.
 */
export function mailHandlers(office: Office): PrefixHandlers<'mail'> {
  return {
    'mail.settings': () => mailSettingsView(office),
    'mail.updateSettings': async (input, ctx) => {
      const user = signedIn(ctx)
      await confirmAdmin(office, user, input.confirmPin, 'how invoices are e-mailed')
      const { confirmPin: _pin, password, ...rest } = input
      const settings = MailSettingsSchema.parse(rest)
      if (password !== undefined && !office.mailPassword)
        throw new CloseoutError('invalid-input', `This office reads the SMTP password from ${SMTP_PASSWORD_VARIABLE}`, [
          {
            path: 'password',
            message: `set ${SMTP_PASSWORD_VARIABLE} in the environment of closeout serve; it is never stored here`,
          },
        ])
      const sourceBefore = smtpPasswordSource(office)
      // The keychain first: if it refuses the password, nothing is saved.
      if (password !== undefined) {
        try {
          office.mailPassword!.write(password === '' ? null : password)
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error)
          throw new CloseoutError('keychain', `The password could not be stored: ${message}`, [
            { path: 'password', message },
          ])
        }
      }
      const sourceAfter = smtpPasswordSource(office)
      await updateMailSettings(office, settings, {
        userId: user.id,
        passwordBefore: sourceBefore,
        passwordAfter: sourceAfter,
        passwordChanged: password !== undefined,
      })
      return mailSettingsView(office)
    },
    'mail.send': (input, ctx) =>
      sendPacket(office, input.jobId, { actor: signedIn(ctx).id, to: input.to, again: input.again }),
    'mail.sendBatch': (input, ctx) => sendBatch(office, input.batchId, { actor: signedIn(ctx).id, again: input.again }),
  }
}
