import nodemailer from 'nodemailer'
import type Mail from 'nodemailer/lib/mailer'
import type { MailSettings } from '../../../src-shared/api/mail'
import { CloseoutError } from '../errors'

/** Seconds a silent server gets before the send is called off (each phase: connect, greeting, reply). */
export interface SmtpTimeouts {
  connectMs: number
  replyMs: number
}
export const DEFAULT_SMTP_TIMEOUTS: SmtpTimeouts = { connectMs: 20_000, replyMs: 60_000 }

export interface SmtpSender {
  send(options: Mail.Options): Promise<{ messageId: string; accepted: string[] }>
  close(): void
}

/**
 * One SMTP connection (a pool for a batch, so 100 packets do not open 100 connections). A
 * password is used only when the settings name a user.
 */
export function smtpSender(
  settings: MailSettings,
  password: string | null,
  options: { pool?: boolean; timeouts?: SmtpTimeouts } = {},
): SmtpSender {
  if (settings.user && !password) {
    throw new CloseoutError(
      'mail-password-missing',
      `Settings > Mail signs in as ${settings.user} but no password is stored: enter it in Settings > Mail on the desktop, or set CLOSEOUT_SMTP_PASSWORD for closeout serve and the command line`,
    )
  }
  const timeouts = options.timeouts ?? DEFAULT_SMTP_TIMEOUTS
  const common = {
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ...(settings.user ? { auth: { user: settings.user, pass: password ?? '' } } : {}),
    connectionTimeout: timeouts.connectMs,
    greetingTimeout: timeouts.replyMs,
    socketTimeout: timeouts.replyMs,
  }
  const transport = options.pool
    ? nodemailer.createTransport({ ...common, pool: true, maxConnections: 2 })
    : nodemailer.createTransport(common)
  const where = `${settings.host}:${settings.port}`
  return {
    async send(message) {
      try {
        const info = await transport.sendMail(message)
        return { messageId: info.messageId, accepted: info.accepted.map(String) }
      } catch (error) {
        throw smtpFailure(error, where)
      }
    },
    close: () => transport.close(),
  }
}

/** A nodemailer failure in words a clerk can act on; the server's own reply is kept. */
export function smtpFailure(error: unknown, where: string): CloseoutError {
  const e = error as { code?: string; responseCode?: number; response?: string; message?: string }
  const reply = e.response ? `: ${e.response}` : ''
  // nodemailer reports a refused or unreachable socket as ESOCKET; the cause is in the message.
  const socketCause = /ECONNREFUSED|ETIMEDOUT|ENOTFOUND|EAI_AGAIN/.exec(e.message ?? '')?.[0]
  const code =
    e.code === 'ESOCKET' && socketCause
      ? socketCause === 'EAI_AGAIN' || socketCause === 'ENOTFOUND'
        ? 'EDNS'
        : socketCause
      : e.code
  switch (code) {
    case 'ECONNREFUSED':
      return new CloseoutError(
        'mail-refused',
        `The mail server ${where} refused the connection (is the host and port right?)`,
      )
    case 'ETIMEDOUT':
      return new CloseoutError('mail-timeout', `The mail server ${where} did not answer in time; nothing was sent`)
    case 'EDNS':
      return new CloseoutError('mail-server-unknown', `There is no mail server called ${where.split(':')[0]}`)
    case 'EAUTH':
      return new CloseoutError('mail-auth', `The mail server ${where} refused the user name or password${reply}`)
    case 'ETLS':
    case 'ESOCKET':
      return new CloseoutError('mail-connection', `The connection to ${where} failed: ${e.message ?? 'socket error'}`)
    case 'EENVELOPE':
      return new CloseoutError(
        'mail-rejected',
        `The mail server ${where} refused the recipient${reply || `: ${e.message ?? ''}`}`,
      )
    case 'EMESSAGE':
      return new CloseoutError('mail-rejected', `The mail server ${where} refused the message${reply}`)
    default:
      return new CloseoutError(
        'mail-failed',
        `Sending through ${where} failed${e.responseCode ? ` (${e.responseCode})` : ''}: ${e.response ?? e.message ?? String(error)}`,
      )
  }
}
