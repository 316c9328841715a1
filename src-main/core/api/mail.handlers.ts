import { mailSettingsView, saveMailSettings } from '../mail/mail-settings'
import { sendBatch } from '../mail/send-batch'
import { sendPacket } from '../mail/send-packet'
import type { Office } from '../office'
import type { CallContext, PrefixHandlers } from './handler-types'

/** Who a send is recorded as: the office app until sign-in names a user. */
const sender = (ctx: CallContext) => (ctx.transport === 'test' ? 'test' : 'office')

/** The mail.* methods (contract: src-shared/api/mail.ts). */
export function mailHandlers(office: Office): PrefixHandlers<'mail'> {
  return {
    'mail.settings': () => mailSettingsView(office),
    'mail.updateSettings': (input) => {
      saveMailSettings(office.sqlite, input)
      return mailSettingsView(office)
    },
    'mail.send': (input, ctx) =>
      sendPacket(office, input.jobId, { actor: sender(ctx), to: input.to, again: input.again }),
    'mail.sendBatch': (input, ctx) => sendBatch(office, input.batchId, { actor: sender(ctx), again: input.again }),
  }
}
