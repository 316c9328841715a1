import { randomBytes } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { Transform } from 'node:stream'
import { existsSync, realpathSync } from 'node:fs'
import { join, sep } from 'node:path'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import fastifyCookie from '@fastify/cookie'
import fastifyRateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import { EVENT_NAMES } from '../../src-shared/api/contract'
import { fail } from '../../src-shared/api/envelope'
import { createHandlers } from '../core/api/handlers'
import { dispatch, NOT_SIGNED_IN, sessionChange } from '../core/api/dispatch'
import {
  resolveSession,
  sessionExpiresAt,
  sessionVia,
  type SessionOrigin,
  type SessionVia,
} from '../core/auth/office-sessions'
import { lanAddresses } from '../core/network/lan-info'
import type { Office } from '../core/office'
import { rendererDir } from '../core/paths'
import { trackConnections } from '../lan/connections'
import { HostAllowlist } from '../lan/host-check'
import { fromOwnPage, fromSeatPage, sameSecret, seatCookieAllowed } from './request-origin'

export interface OfficeServer {
  url: string
  /** Open this once in a browser: it trades the token for a browser cookie (never the token itself). */
  loginUrl: string
  token: string
  port: number
  close(): Promise<void>
}

/** The browser's pass to this server for one run: a random value of its own, never the bearer token. */
const ACCESS_COOKIE = 'closeout_office'
/** The signed-in session of the browser UI; it expires with the session. */
const SESSION_COOKIE = 'closeout_session'
const SESSION_HEADER = 'x-closeout-session'
/** The second seat's session cookie: a name of its own, so it never meets the 127.0.0.1 one or the phone form's. */
const SEAT_COOKIE = 'closeout_seat'

/** On the second seat, a body without a signed-in session is a sign-in at most. */
export const SEAT_UNAUTHENTICATED_BODY_BYTES = 4 * 1024
/** Sign-in attempts per address and minute on the second seat (the per-user PIN lockout comes on top). */
export const SEAT_SIGN_INS_PER_MINUTE = 10
/** Requests per address and minute on the second seat. */
export const SEAT_REQUESTS_PER_MINUTE = 600

export interface SeatServer {
  /** One address per LAN interface ("http://192.168.1.20:4790/"); 127.0.0.1 when bound there. */
  urls: string[]
  port: number
  host: string
  close(): Promise<void>
}

/** How a server is reached: only from this PC with the token, or from the LAN as the second seat. */
type Mode = { kind: 'local' } | { kind: 'seat'; host: string; hostNames: string[] }

/**
 * The office API over HTTP for headless mode and browser tests. Listens on 127.0.0.1 only,
 * answers only to Host 127.0.0.1/localhost (DNS rebinding). Two locks, both needed:
 * - reaching the server: the per-start token as a Bearer header (scripts), or the browser
 *   cookie that `/?token=` sets (a separate random value), accepted only from this origin's
 *   own pages (`Sec-Fetch-Site: same-origin`);
 * - being someone: a signed-in session (`session.signIn`) as the X-Closeout-Session header or
 *   the HttpOnly SameSite=Strict session cookie, under the same same-origin rule.
 */
export async function startOfficeServer(
  office: Office,
  options: { port?: number; uiDir?: string } = {},
): Promise<OfficeServer> {
  const { port, close, token } = await buildServer(office, { kind: 'local' }, options.port ?? 4780, options.uiDir)
  const url = `http://127.0.0.1:${port}/`
  return { url, loginUrl: `${url}?token=${token}`, token, port, close }
}

/**
 * The second seat (docs/security.md): the same office UI and API on the LAN, on a port of its
 * own, for other PCs in the office. Differences from the 127.0.0.1 server: no token at all
 * (neither `?token=` nor a Bearer header opens anything), only the HttpOnly SameSite=Strict
 * `closeout_seat` cookie carries a session and only a session signed in here counts, `Host`
 * must name this PC, `Origin` must be this very address, rate limits per address, and without a
 * session nothing but the page, its built files and `session.signIn/current/signOut` answers.
 */
export async function startSeatServer(
  office: Office,
  options: { host: string; port: number; hostNames?: string[]; uiDir?: string },
): Promise<SeatServer> {
  const { port, close } = await buildServer(
    office,
    { kind: 'seat', host: options.host, hostNames: options.hostNames ?? [] },
    options.port,
    options.uiDir,
  )
  const found = lanAddresses(options.host).map((a) => `http://${a.address}:${port}/`)
  const urls =
    options.host === '0.0.0.0' || options.host === '::'
      ? found.length > 0
        ? found
        : [`http://127.0.0.1:${port}/`]
      : [`http://${options.host}:${port}/`]
  return { urls, port, host: options.host, close }
}

async function buildServer(
  office: Office,
  mode: Mode,
  wantedPort: number,
  uiDirOption: string | undefined,
): Promise<{ port: number; token: string; close: () => Promise<void> }> {
  const seat = mode.kind === 'seat'
  const via: SessionVia = seat ? 'second-seat' : 'this-pc'
  const allowlist = seat ? new HostAllowlist(mode.hostNames) : null
  const signInCounts = new Map<string, { windowStart: number; count: number }>()
  const token = randomBytes(24).toString('hex')
  const browserKeys = new Set<string>()
  const handlers = createHandlers(office)
  const app: FastifyInstance = Fastify({
    logger: false,
    bodyLimit: 10 * 1024 * 1024,
    requestTimeout: 60_000,
    // The second seat: a connection silent for 30 s is cut off, and closing the seat ends every
    // connection at once (an open event stream included).
    ...(seat ? { connectionTimeout: 30_000, forceCloseConnections: true, return503OnClosing: true } : {}),
    // A client that dribbles its headers (slowloris) is cut off after about 10 s, not Node's
    // 60 s checked every 30 s.
    http: { headersTimeout: 10_000, connectionsCheckingInterval: 1_000 },
    // A URL Fastify cannot decode (FST_ERR_BAD_URL) answers in the API's envelope, like the rest.
    frameworkErrors: (_error, _req, reply) => {
      void (reply as unknown as FastifyReply).code(400).send(fail('bad-request', 'The address is not valid'))
    },
  })
  await app.register(fastifyCookie)
  if (seat) await app.register(fastifyRateLimit, { max: SEAT_REQUESTS_PER_MINUTE, timeWindow: 60_000 })
  let port = wantedPort
  const cookieName = seat ? SEAT_COOKIE : SESSION_COOKIE

  const bearer = (req: FastifyRequest): boolean => {
    // The second seat knows no token: a copy of it from `serve`'s output opens nothing there.
    if (seat) return false
    const header = req.headers.authorization
    return header?.startsWith('Bearer ') === true && sameSecret(header.slice(7), token)
  }
  // Cookies reach every port of 127.0.0.1 and any process there may replay them: a cookie
  // counts only on a request the browser marks as coming from this origin's own page.
  const cookieAllowed = (req: FastifyRequest): boolean => req.headers['sec-fetch-site'] === 'same-origin'
  const authorized = (req: FastifyRequest): boolean => {
    // On the second seat reaching the server asks for nothing: the signed-in session is the lock.
    if (seat) return true
    if (bearer(req)) return true
    const key = req.cookies[ACCESS_COOKIE]
    return cookieAllowed(req) && key !== undefined && browserKeys.has(key)
  }
  const sessionOf = (req: FastifyRequest): string | null => {
    if (seat) {
      // Only the cookie, from this origin's own page, and only a session signed in on the seat.
      const cookie = req.cookies[SEAT_COOKIE]
      return cookie && seatCookieAllowed(req) && sessionVia(office, cookie) === 'second-seat' ? cookie : null
    }
    const header = req.headers[SESSION_HEADER]
    if (typeof header === 'string' && header) return header
    const cookie = req.cookies[SESSION_COOKIE]
    return cookie && cookieAllowed(req) ? cookie : null
  }
  const setSessionCookie = async (reply: FastifyReply, sessionId: string) => {
    const expires = await sessionExpiresAt(office, sessionId)
    if (expires === null) return
    reply.setCookie(cookieName, sessionId, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      expires: new Date(expires),
    })
  }

  app.addHook('onRequest', async (req, reply) => {
    const host = req.headers.host ?? ''
    const hostOk = allowlist
      ? allowlist.allows(host) && host.endsWith(`:${port}`)
      : host === `127.0.0.1:${port}` || host === `localhost:${port}`
    if (!hostOk) {
      return reply.code(421).type('text/plain').send('Misdirected request')
    }
    // SameSite=Strict still sends the cookie from any other port of the same name (the phone
    // form, a dev server): only this origin's own pages may call the API or listen to it.
    const ownPage = seat ? fromSeatPage(req) : fromOwnPage(req, port)
    if (req.url.startsWith('/api/') && !ownPage) {
      return reply.code(403).send(fail('forbidden', 'Cross-site requests are refused'))
    }
    reply.headers({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'content-security-policy':
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    })
  })

  if (seat) {
    // Without a seat session a body is a sign-in at most: anything past 4 KiB is refused, by its
    // Content-Length up front or, chunked, as the bytes arrive.
    app.addHook('preParsing', async (req, _reply, payload) => {
      if (req.method === 'GET' || req.method === 'HEAD') return payload
      if (await resolveSession(office, sessionOf(req))) return payload
      if (Number(req.headers['content-length'] ?? 0) > SEAT_UNAUTHENTICATED_BODY_BYTES) throw bodyTooLarge()
      let seen = 0
      return payload.pipe(
        new Transform({
          transform(chunk: Buffer, _enc, done) {
            seen += chunk.length
            done(seen > SEAT_UNAUTHENTICATED_BODY_BYTES ? bodyTooLarge() : null, chunk)
          },
        }),
      )
    })
  }

  /** Sign-ins per address and minute on the seat: guessing PINs from another PC is slow. */
  const signInAllowed = (address: string, now = Date.now()): boolean => {
    const entry = signInCounts.get(address)
    if (!entry || now - entry.windowStart > 60_000) {
      if (signInCounts.size > 10_000) signInCounts.clear()
      signInCounts.set(address, { windowStart: now, count: 1 })
      return true
    }
    entry.count++
    return entry.count <= SEAT_SIGN_INS_PER_MINUTE
  }

  app.setErrorHandler((error: { statusCode?: number; message?: string }, _req, reply) => {
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500
    if (status === 429) return reply.code(429).send(fail('rate-limited', 'Too many requests; wait a minute'))
    if (status === 413) return reply.code(413).send(fail('too-large', 'The request is too large'))
    if (status >= 500) console.error('[closeout] office server error:', error)
    void reply
      .code(status)
      .send(
        fail(
          status >= 500 ? 'internal' : 'bad-request',
          status >= 500 ? 'Something went wrong inside Closeout' : (error.message ?? 'Bad request'),
        ),
      )
  })

  app.post<{ Params: { method: string } }>('/api/:method', async (req, reply) => {
    if (!authorized(req))
      return reply
        .code(401)
        .send(fail('unauthorized', 'Open the address that `closeout serve` printed (it carries the access token)'))
    // A custom header forces a CORS preflight, which this server never grants: no cross-site calls.
    if (req.headers['x-closeout'] !== '1')
      return reply.code(403).send(fail('forbidden', 'Missing the X-Closeout header'))
    const method = req.params.method
    if (seat && (method === 'session.signIn' || method === 'session.createFirstAdmin') && !signInAllowed(req.ip))
      return reply.code(429).send(fail('rate-limited', 'Too many sign-ins from this PC; wait a minute'))
    const sessionId = sessionOf(req)
    const origin: SessionOrigin = { via, address: req.ip }
    const result = await dispatch(office, handlers, method, req.body ?? {}, { transport: 'http', sessionId, origin })
    const change = sessionChange(method, result)
    if (change === 'signed-out') reply.clearCookie(cookieName, { path: '/' })
    else if (change && !bearer(req)) await setSessionCookie(reply, change.signedIn)
    else if (sessionId && result.ok) await setSessionCookie(reply, sessionId)
    // On the seat the session lives only in the HttpOnly cookie: the page never sees its value.
    if (seat && change && change !== 'signed-out' && result.ok) (result.value as { sessionId: string }).sessionId = ''
    const code = result.ok
      ? 200
      : result.error.code === NOT_SIGNED_IN
        ? 401
        : result.error.code === 'unknown-method' || result.error.code === 'not-found'
          ? 404
          : result.error.code === 'admin-only' || result.error.code === 'forbidden'
            ? 403
            : result.error.code === 'internal'
              ? 500
              : 400
    return reply.code(code).send(result)
  })

  const streams = new Set<ServerResponse>()
  app.get('/api/events', async (req, reply) => {
    const sessionId = sessionOf(req)
    if (!authorized(req) || !(await resolveSession(office, sessionId)))
      return reply.code(401).send(fail('unauthorized', 'Not signed in'))
    reply.hijack()
    const res = reply.raw
    streams.add(res)
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
    res.write(': connected\n\n')
    const listeners = EVENT_NAMES.map((name) => {
      const listener = (payload: unknown) => res.write(`event: ${name}\ndata: ${JSON.stringify(payload ?? {})}\n\n`)
      office.events.on(name, listener)
      return [name, listener] as const
    })
    // A signed-out or idle session stops hearing the office's news.
    const keepAlive = setInterval(() => {
      void sessionExpiresAt(office, sessionId!)
        .catch(() => null)
        .then((expires) => {
          if ((expires ?? 0) < Date.now()) res.end()
          else if (!res.writableEnded) res.write(': keep-alive\n\n')
        })
    }, 25_000)
    req.raw.on('close', () => {
      streams.delete(res)
      clearInterval(keepAlive)
      for (const [name, listener] of listeners) office.events.off(name, listener)
    })
  })

  const uiDir = uiDirOption ?? rendererDir()
  const uiBuilt = existsSync(join(uiDir, 'office', 'index.html'))
  if (uiBuilt) {
    const realRoot = realpathSync(uiDir)
    await app.register(fastifyStatic, {
      root: uiDir,
      index: false,
      wildcard: false,
      allowedPath: (path) => insideRoot(realRoot, join(uiDir, path)),
    })
  }

  const sendIndex = async (req: FastifyRequest<{ Querystring: { token?: string } }>, reply: FastifyReply) => {
    // The second seat has no token to trade: `?token=` is ignored there like any other query.
    if (req.query.token !== undefined && !seat) {
      if (!sameSecret(req.query.token, token))
        return reply
          .code(401)
          .type('text/plain')
          .send('This link has expired: use the address Closeout printed when it started.')
      const key = randomBytes(24).toString('base64url')
      browserKeys.add(key)
      reply.setCookie(ACCESS_COOKIE, key, { httpOnly: true, sameSite: 'strict', path: '/' })
      return reply.redirect('/')
    }
    if (!uiBuilt)
      return reply
        .code(503)
        .type('text/plain')
        .send('The office UI is not built yet: run `npm run build` once, then reload.')
    reply.header('cache-control', 'no-store')
    return reply.sendFile('office/index.html')
  }
  app.get('/', sendIndex)
  app.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.includes('.'))
      return sendIndex(req as FastifyRequest<{ Querystring: { token?: string } }>, reply)
    return reply.code(404).send(fail('not-found', 'Not found'))
  })

  const connections = trackConnections(app.server)
  await app.listen({ host: seat ? mode.host : '127.0.0.1', port })
  const address = app.server.address()
  port = typeof address === 'object' && address ? address.port : port
  const close = async () => {
    const closing = app.close()
    // An office tab's event stream never ends by itself: stopping ends it. A request under way
    // (an export) is waited for; a connection with none is ended at once.
    for (const res of streams) res.end()
    connections.endAll(null)
    await closing
  }
  return { port, token, close }
}

const bodyTooLarge = (): Error & { statusCode: number } =>
  Object.assign(new Error('The request is too large'), { statusCode: 413 })

/** A symlink in the UI folder must not serve a file from elsewhere on the disk. */
function insideRoot(realRoot: string, path: string): boolean {
  try {
    const real = realpathSync(path)
    return real.startsWith(realRoot + sep)
  } catch {
    return false
  }
}
