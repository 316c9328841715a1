import { createServer, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer, type SMTPServerOptions } from 'smtp-server'
import { withTransaction, type EngineDb } from '../../src-main/core/db/engine-db'
import { saveMailSettingsIn } from '../../src-main/core/mail/mail-settings'
import { MailSettingsSchema } from '../../src-shared/api/mail'

export interface CaughtMessage {
  envelopeTo: string[]
  envelopeFrom: string
  user: string | undefined
  raw: Buffer
  parsed: ParsedMail
}

export interface SmtpCatcher {
  port: number
  messages: CaughtMessage[]
  close: () => Promise<void>
}

/**
 * A real SMTP server on 127.0.0.1 (the smtp-server library) that keeps every message it accepts.
 * `refuseRcpt` answers 550 for that address; `password` requires AUTH with it.
 */
export async function smtpCatcher(
  options: { refuseRcpt?: string; user?: string; password?: string } = {},
): Promise<SmtpCatcher> {
  const messages: CaughtMessage[] = []
  const config: SMTPServerOptions = {
    disabledCommands: options.password ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    authOptional: !options.password,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.user && auth.password === options.password) callback(null, { user: auth.username })
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }))
    },
    onRcptTo(address, _session, callback) {
      if (options.refuseRcpt && address.address === options.refuseRcpt)
        callback(Object.assign(new Error('5.1.1 Mailbox unavailable'), { responseCode: 550 }))
      else callback()
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks)
        simpleParser(raw)
          .then((parsed) => {
            messages.push({
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              user: session.user as string | undefined,
              raw,
              parsed,
            })
            callback()
          })
          .catch(callback)
      })
    },
  }
  const server = new SMTPServer(config)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.server.address() as AddressInfo).port
  return { port, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

/** A server that accepts connections and never says a word: the timeout case. */
export async function silentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>()
  const server: Server = createServer((s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** Points the office's Settings > Mail at an SMTP server on 127.0.0.1 (`port`), with `fields` (from, user...). */
export async function saveSmtpSettings(office: EngineDb, port: number, fields: Record<string, unknown>): Promise<void> {
  const settings = MailSettingsSchema.parse({ mode: 'smtp', host: '127.0.0.1', port, ...fields })
  await withTransaction(office, (trx) => saveMailSettingsIn(trx, settings))
}
