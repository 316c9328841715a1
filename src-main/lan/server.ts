import { join } from 'node:path'
import { Transform } from 'node:stream'
import Fastify, { type FastifyInstance } from 'fastify'
import fastifyCookie from '@fastify/cookie'
import fastifyMultipart from '@fastify/multipart'
import fastifyRateLimit from '@fastify/rate-limit'
import { CloseoutError } from '../core/errors'
import { lanAddresses } from '../core/network/lan-info'
import type { Office } from '../core/office'
import { projectRoot } from '../core/paths'
import { registerAuthRoutes } from './auth.routes'
import type { FormSource } from './form-source'
import { trackConnections } from './connections'
import { contentTypeOf, loadFormAssets, readAsset } from './form-assets'
import { HostAllowlist, isSameOrigin } from './host-check'
import { officeFormSource } from './office-source'
import { registerPwaRoutes } from './pwa'
import { sendError } from './replies'
import { SESSION_COOKIE, findSession } from './sessions'
import { registerWorkRoutes } from './work.routes'

export interface LanServerOptions {
  /** Interface to bind: "0.0.0.0" (every LAN interface, the default) or one address. */
  host?: string
  /** 8787 unless set; 0 picks a free port (tests). */
  port?: number
  /** Names besides the machine's own and its IPs that phones may use in the address bar. */
  hostNames?: string[]
  /** Where `electron-vite build` put the renderer pages (holds techform/ and assets/). */
  rendererOut?: string
}

export interface LanServer {
  /** One address per LAN interface ("http://192.168.1.20:8787/"); 127.0.0.1 when there is none. */
  urls: string[]
  port: number
  host: string
  close(): Promise<void>
}

/** A connection that sends nothing for this long is cut off (a body gone silent, an idle phone). */
export const BODY_SILENCE_MS = 30_000
/** The largest body accepted from a phone that is not signed in (a sign-in is under 200 bytes). */
export const UNAUTHENTICATED_BODY_BYTES = 4 * 1024

const bodyTooLarge = (): Error & { statusCode: number } =>
  Object.assign(new Error('The request is too large'), { statusCode: 413 })

const CSP = [
  "default-src 'self'",
  "img-src 'self' blob: data:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ')

/**
 * The technician form server: the form at `/`, its files under `/assets/`, and the technician
 * API under `/api/` — nothing else; the office API is never reachable on this port.
 */
export async function startLanServer(office: Office, options: LanServerOptions = {}): Promise<LanServer> {
  return startFormServer(officeFormSource(office), options)
}

/** The form server over any source of technicians and jobs (the office's database, or its snapshot). */
export async function startFormServer(source: FormSource, options: LanServerOptions = {}): Promise<LanServer> {
  const settings = await source.lanSettings()
  const host = options.host ?? settings.host
  const wantedPort = options.port ?? settings.port
  const allowlist = new HostAllowlist([...settings.hostNames, ...(options.hostNames ?? [])])
  const form = loadFormAssets(options.rendererOut ?? join(projectRoot(), 'out', 'renderer'))

  const app: FastifyInstance = Fastify({
    logger: false,
    bodyLimit: 64 * 1024,
    // A whole request (a closeout with its photos) may take up to 2 minutes, but a connection
    // that sends nothing for 30 s (a body gone silent) is cut off.
    requestTimeout: 120_000,
    connectionTimeout: BODY_SILENCE_MS,
    keepAliveTimeout: 10_000,
    maxRequestsPerSocket: 1000,
    return503OnClosing: true,
    trustProxy: false,
    // Slow-header clients (slowloris) are cut off after 10 s. Node checks its timeouts only every
    // connectionsCheckingInterval (30 s by default), so 10 s would really have meant up to 40 s.
    http: { headersTimeout: 10_000, connectionsCheckingInterval: 1_000 },
    // A URL Fastify cannot decode (FST_ERR_BAD_URL) answers in the usual error shape.
    frameworkErrors: (error, _req, reply) => {
      const badUrl = (error as { code?: string }).code === 'FST_ERR_BAD_URL'
      void sendError(reply, 400, 'bad-request', badUrl ? 'The address is not valid' : 'Bad request')
    },
    // Malformed HTTP never reaches Fastify's routes: answer it in the same shape, then hang up.
    clientErrorHandler: (error, socket) => {
      if (!socket.writable) return socket.destroy()
      const timedOut = (error as { code?: string }).code === 'ERR_HTTP_REQUEST_TIMEOUT'
      const body = JSON.stringify({
        error: {
          code: timedOut ? 'timeout' : 'bad-request',
          message: timedOut ? 'The request took too long' : 'The request is not valid HTTP',
          details: [],
        },
      })
      socket.end(
        `HTTP/1.1 ${timedOut ? '408 Request Timeout' : '400 Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      )
    },
  })
  app.server.maxHeadersCount = 60

  app.addHook('onRequest', async (req, reply) => {
    reply.headers({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'permissions-policy': 'camera=(self), geolocation=(self), microphone=()',
      'content-security-policy': CSP,
      'cache-control': 'no-store',
    })
    if (!allowlist.allows(req.headers.host))
      return sendError(reply, 421, 'misdirected-request', 'This address does not belong to the Closeout form')
    // A browser's cross-site write carries a foreign Origin: refuse it (SameSite cookies aside).
    const origin = req.headers.origin
    if (
      origin !== undefined &&
      req.method !== 'GET' &&
      req.method !== 'HEAD' &&
      !isSameOrigin(origin, req.headers.host)
    ) {
      return sendError(reply, 403, 'forbidden', 'Cross-site requests are refused')
    }
  })

  await app.register(fastifyRateLimit, { max: 600, timeWindow: 60_000, allowList: [] })
  await app.register(fastifyCookie)
  await app.register(fastifyMultipart, { throwFileSizeLimit: true })

  // Without a technician session a body is a sign-in at most: anything past 4 KiB is refused,
  // by its Content-Length up front or, chunked, as the bytes arrive.
  app.addHook('preParsing', async (req, _reply, payload) => {
    if (req.method === 'GET' || req.method === 'HEAD') return payload
    if (await findSession(source, req.cookies[SESSION_COOKIE])) return payload
    if (Number(req.headers['content-length'] ?? 0) > UNAUTHENTICATED_BODY_BYTES) throw bodyTooLarge()
    let seen = 0
    return payload.pipe(
      new Transform({
        transform(chunk: Buffer, _enc, done) {
          seen += chunk.length
          done(seen > UNAUTHENTICATED_BODY_BYTES ? bodyTooLarge() : null, chunk)
        },
      }),
    )
  })

  app.setErrorHandler((error: { statusCode?: number; code?: string; message?: string }, _req, reply) => {
    // A form server without an office database, before the office's snapshot has arrived.
    if (error instanceof CloseoutError && error.code === 'no-office-snapshot')
      return sendError(reply, 503, error.code, error.message, error.details)
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500
    if (status >= 500) {
      console.error('[closeout] LAN server error:', error)
      return sendError(reply, 500, 'internal', 'Something went wrong in the office app; try again')
    }
    if (status === 429) return sendError(reply, 429, 'rate-limited', 'Too many requests; wait a minute')
    if (status === 413) return sendError(reply, 413, 'too-large', 'The request is too large')
    // Fastify's own messages name no file paths or code, so they are safe to pass on.
    return sendError(reply, status, 'bad-request', error.message ?? 'Bad request')
  })
  app.setNotFoundHandler((_req, reply) => sendError(reply, 404, 'not-found', 'Not found'))

  registerAuthRoutes(app, source)
  registerWorkRoutes(app, source)
  registerPwaRoutes(app, form, join(projectRoot(), 'resources', 'icons'))

  app.get('/', async (_req, reply) => {
    if (form.indexHtml === null)
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The technician form is not built yet: run `npm run build` on the office PC.')
    return reply.type('text/html; charset=utf-8').send(form.indexHtml)
  })
  app.get<{ Params: { name: string } }>('/assets/:name', async (req, reply) => {
    const path = form.assets.get(req.params.name)
    // A rebuild of out/ while the server runs can remove a file it listed: that is a 404, not a 500.
    const bytes = path ? readAsset(path) : null
    if (!bytes) return sendError(reply, 404, 'not-found', 'Not found')
    // Hashed file names never change content: the phone may keep them.
    reply.header('cache-control', 'public, max-age=31536000, immutable')
    return reply.type(contentTypeOf(req.params.name)).send(bytes)
  })

  const connections = trackConnections(app.server)
  await app.listen({ host, port: wantedPort })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : wantedPort
  const unlisten = source.listening({ host, port })
  const found = lanAddresses(host).map((a) => `http://${a.address}:${port}/`)
  return {
    urls: found.length > 0 ? found : [`http://127.0.0.1:${port}/`],
    port,
    host,
    close: async () => {
      unlisten()
      const closing = app.close()
      const stopCutting = connections.endAll()
      await closing
      stopCutting()
    },
  }
}
