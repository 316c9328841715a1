import { randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync, realpathSync } from 'node:fs'
import { join, sep } from 'node:path'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import fastifyCookie from '@fastify/cookie'
import fastifyStatic from '@fastify/static'
import { EVENT_NAMES } from '../../src-shared/api/contract'
import { fail } from '../../src-shared/api/envelope'
import { createHandlers } from '../core/api/handlers'
import { dispatch } from '../core/api/dispatch'
import type { Office } from '../core/office'
import { rendererDir } from '../core/paths'

export interface OfficeServer {
  url: string
  /** Open this once in a browser: it trades the token for a session cookie. */
  loginUrl: string
  token: string
  port: number
  close(): Promise<void>
}

const COOKIE = 'closeout_office'

/**
 * The office API over HTTP for headless mode and browser tests. Listens on 127.0.0.1 only,
 * answers only to Host 127.0.0.1/localhost (DNS rebinding), and needs the per-start token as a
 * Bearer header or as the SameSite=Strict cookie that `/?token=` sets.
 */
export async function startOfficeServer(
  office: Office,
  options: { port?: number; uiDir?: string } = {},
): Promise<OfficeServer> {
  const token = randomBytes(24).toString('hex')
  const handlers = createHandlers(office)
  const app: FastifyInstance = Fastify({
    logger: false,
    bodyLimit: 10 * 1024 * 1024,
    requestTimeout: 60_000,
    // A client that dribbles its headers (slowloris) is cut off after about 10 s, not Node's
    // 60 s checked every 30 s.
    http: { headersTimeout: 10_000, connectionsCheckingInterval: 1_000 },
  })
  await app.register(fastifyCookie)
  let port = options.port ?? 4780

  const tokenMatches = (candidate: string | undefined): boolean => {
    if (!candidate) return false
    const a = Buffer.from(candidate)
    const b = Buffer.from(token)
    return a.length === b.length && timingSafeEqual(a, b)
  }
  const authorized = (req: FastifyRequest): boolean => {
    const header = req.headers.authorization
    if (header?.startsWith('Bearer ') && tokenMatches(header.slice(7))) return true
    return tokenMatches(req.cookies[COOKIE])
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
    const result = await dispatch(handlers, req.params.method, req.body ?? {}, { transport: 'http' })
    const code = result.ok
      ? 200
      : result.error.code === 'unknown-method' || result.error.code === 'not-found'
        ? 404
        : result.error.code === 'internal'
          ? 500
          : 400
    return reply.code(code).send(result)
  })

  app.get('/api/events', async (req, reply) => {
    if (!authorized(req)) return reply.code(401).send(fail('unauthorized', 'Not signed in'))
    reply.hijack()
    const res = reply.raw
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
    res.write(': connected\n\n')
    const listeners = EVENT_NAMES.map((name) => {
      const listener = (payload: unknown) => res.write(`event: ${name}\ndata: ${JSON.stringify(payload ?? {})}\n\n`)
      office.events.on(name, listener)
      return [name, listener] as const
    })
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000)
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
      if (!tokenMatches(req.query.token))
        return reply
          .code(401)
          .type('text/plain')
          .send('This link has expired: use the address Closeout printed when it started.')
      reply.setCookie(COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/' })
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
