import type { FastifyReply } from 'fastify'
import type { TechApiError } from '../../src-shared/api/lan'

/** Every failure on the technician API has this shape: a code, a sentence, the paths at fault. */
export function sendError(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  details: TechApiError['error']['details'] = [],
): FastifyReply {
  const body: TechApiError = { error: { code, message, details } }
  return reply.code(status).type('application/json; charset=utf-8').send(body)
}
