import { randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync, realpathSync } from 'node:fs'
import { join, sep } from 'node:path'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import fastifyCookie from '@fastify/cookie'
import fastifyStatic from '@fastify/static'
import { EVENT_NAMES } from '../../src-shared/api/contract'
import { fail } from '../../src-shared/api/envelope'
import { createHandlers } from '../core/api/handlers'
import { dispatch, NOT_SIGNED_IN, sessionChange } from '../core/api/dispatch'
import { resolveSession, sessionExpiresAt } from '../core/auth/office-sessions'
import type { Office } from '../core/office'
import { rendererDir } from '../core/paths'

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
  const token = randomBytes(24).toString('hex')
  const browserKeys = new Set<string>()
  const handlers = createHandlers(office)
  const app: FastifyInstance = Fastify({
    logger: false,
    bodyLimit: 10 * 1024 * 1024,
    requestTimeout: 60_000,
    // A client that dribbles its headers (slowloris) is cut off after about 10 s, not Node's
    // 60 s checked every 30 s.
    http: { headersTimeout: 10_000, connectionsCheckingInterval: 1_000 },
    // A URL Fastify cannot decode (FST_ERR_BAD_URL) answers in the API's envelope, like the rest.
    frameworkErrors: (_error, _req, reply) => {
      void (reply as unknown as FastifyReply).code(400).send(fail('bad-request', 'The address is not valid'))
    },
  })
  await app.register(fastifyCookie)
  let port = options.port ?? 4780

  const bearer = (req: FastifyRequest): boolean => {
    const header = req.headers.authorization
    return header?.startsWith('Bearer ') === true && sameSecret(header.slice(7), token)
  }
  // Cookies reach every port of 127.0.0.1 and any process there may replay them: a cookie
  // counts only on a request the browser marks as coming from this origin's own page.
  const cookieAllowed = (req: FastifyRequest): boolean => req.headers['sec-fetch-site'] === 'same-origin'
  const authorized = (req: FastifyRequest): boolean => {
    if (bearer(req)) return true
    const key = req.cookies[ACCESS_COOKIE]
    return cookieAllowed(req) && key !== undefined && browserKeys.has(key)
  }
  const sessionOf = (req: FastifyRequest): string | null => {
    const header = req.headers[SESSION_HEADER]
    if (typeof header === 'string' && header) return header
    const cookie = req.cookies[SESSION_COOKIE]
    return cookie && cookieAllowed(req) ? cookie : null
  }
  const setSessionCookie = (reply: FastifyReply, sessionId: string) => {
    const expires = sessionExpiresAt(office, sessionId)
    if (expires === null) return
    reply.setCookie(SESSION_COOKIE, sessionId, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      expires: new Date(expires),
    })
  }

  app.addHook('onRequest', async (req, reply) => {
    const host = req.headers.host ?? ''
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      return reply.code(421).type('text/plain').send('Misdirected request')
    }
    // SameSite=Strict still sends the cookie from any other port of 127.0.0.1/localhost (the
    // phone form, a dev server): only this origin's own pages may call the API or listen to it.
    if (req.url.startsWith('/api/') && !fromOwnPage(req, port)) {
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

  app.setErrorHandler((error: { statusCode?: number; message?: string }, _req, reply) => {
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500
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
    const sessionId = sessionOf(req)
    const result = await dispatch(office, handlers, method, req.body ?? {}, { transport: 'http', sessionId })
    const change = sessionChange(method, result)
    if (change === 'signed-out') reply.clearCookie(SESSION_COOKIE, { path: '/' })
    else if (change && !bearer(req)) setSessionCookie(reply, change.signedIn)
    else if (sessionId && result.ok) setSessionCookie(reply, sessionId)
    const code = result.ok
      ? 200
      : result.error.code === NOT_SIGNED_IN
        ? 401
        : result.error.code === 'unknown-method' || result.error.code === 'not-found'
          ? 404
          : result.error.code === 'internal'
            ? 500
            : 400
    return reply.code(code).send(result)
  })

  app.get('/api/events', async (req, reply) => {
    const sessionId = sessionOf(req)
    if (!authorized(req) || !resolveSession(office, sessionId))
      return reply.code(401).send(fail('unauthorized', 'Not signed in'))
    reply.hijack()
    const res = reply.raw
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
    res.write(': connected\n\n')
    const listeners = EVENT_NAMES.map((name) => {
      const listener = (payload: unknown) => res.write(`event: ${name}\ndata: ${JSON.stringify(payload ?? {})}\n\n`)
      office.events.on(name, listener)
      return [name, listener] as const
    })
    // A signed-out or idle session stops hearing the office's news.
    const keepAlive = setInterval(() => {
      if ((sessionExpiresAt(office, sessionId!) ?? 0) < Date.now()) res.end()
      else res.write(': keep-alive\n\n')
    }, 25_000)
    req.raw.on('close', () => {
      clearInterval(keepAlive)
      for (const [name, listener] of listeners) office.events.off(name, listener)
    })
  })

  const uiDir = options.uiDir ?? rendererDir()
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
    if (req.query.token !== undefined) {
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

  const address = await app.listen({ host: '127.0.0.1', port })
  port = Number(new URL(address).port)
  const url = `http://127.0.0.1:${port}/`
  return {
    url,
    loginUrl: `${url}?token=${token}`,
    token,
    port,
    close: () => app.close(),
  }
}

function sameSecret(candidate: string, secret: string): boolean {
  const a = Buffer.from(candidate)
  const b = Buffer.from(secret)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** No Origin (a same-origin GET, a script), or this server's own; Sec-Fetch-Site agrees. */
function fromOwnPage(req: FastifyRequest, port: number): boolean {
  const origin = req.headers.origin
  if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`)
    return false
  const site = req.headers['sec-fetch-site']
  return site === undefined || site === 'same-origin' || site === 'none'
}

/** A symlink in the UI folder must not serve a file from elsewhere on the disk. */
function insideRoot(realRoot: string, path: string): boolean {
  try {
    const real = realpathSync(path)
    return real.startsWith(realRoot + sep)
  } catch {
    return false
  }
}
