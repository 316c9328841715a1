import { timingSafeEqual } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import { isSameOrigin } from '../lan/host-check'

/*
 * Where a request to the office API comes from (office-server.ts): the office's own page on
 * 127.0.0.1, or the second seat's page on the LAN; and the constant-time check of its secret.
 */

/**
 * The seat's cookie: browsers send Fetch Metadata only to secure origins (HTTPS, localhost), so
 * over plain HTTP to a LAN address there is no `Sec-Fetch-Site`. Then the request must carry no
 * Origin or this very origin (Chromium sends Origin on every POST); a cross-site POST cannot
 * reach the API anyway without the X-Closeout header, which needs a preflight this server never
 * grants.
 */
export function seatCookieAllowed(req: FastifyRequest): boolean {
  const site = req.headers['sec-fetch-site']
  if (site !== undefined) return site === 'same-origin'
  const origin = req.headers.origin
  return origin === undefined || isSameOrigin(origin, req.headers.host)
}

/** On the seat: no Origin (a same-origin GET), or exactly the address the request used; Sec-Fetch-Site agrees. */
export function fromSeatPage(req: FastifyRequest): boolean {
  const origin = req.headers.origin
  if (origin !== undefined && !isSameOrigin(origin, req.headers.host)) return false
  const site = req.headers['sec-fetch-site']
  return site === undefined || site === 'same-origin' || site === 'none'
}

export function sameSecret(candidate: string, secret: string): boolean {
  const a = Buffer.from(candidate)
  const b = Buffer.from(secret)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** No Origin (a same-origin GET, a script), or this server's own; Sec-Fetch-Site agrees. */
export function fromOwnPage(req: FastifyRequest, port: number): boolean {
  const origin = req.headers.origin
  if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`)
    return false
  const site = req.headers['sec-fetch-site']
  return site === undefined || site === 'same-origin' || site === 'none'
}
