import { mailSettingsView, saveMailSettings } from '../mail/mail-settings'
import { sendBatch } from '../mail/send-batch'
import { sendPacket } from '../mail/send-packet'
import type { Office } from '../office'
import { signedIn, type PrefixHandlers } from './handler-types'

/** The mail.* methods (contract: src-shared/api/mail.ts). */
export function mailHandlers(office: Office): PrefixHandlers<'mail'> {
  return {
    'mail.settings': () => mailSettingsView(office),
    'mail.updateSettings': (input) => {
      saveMailSettings(office.sqlite, input)
      return mailSettingsView(office)
    },
    'mail.send': (input, ctx) =>
      sendPacket(office, input.jobId, { actor: signedIn(ctx).id, to: input.to, again: input.again }),
    'mail.sendBatch': (input, ctx) => sendBatch(office, input.batchId, { actor: signedIn(ctx).id, again: input.again }),
  }
}
