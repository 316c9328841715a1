import type { FastifyInstance } from 'fastify'
import { AttachmentParamsSchema, AttachmentQuerySchema, PriceBookQuerySchema } from '../../src-shared/api/lan'
import { UuidSchema } from '../../src-shared/schemas/primitives'
import { CloseoutError } from '../core/errors'
import { requireSession } from './auth.routes'
import { answerFor, findBundle } from './bundle-lookup'
import { acceptCloseout } from './closeout-intake'
import { sendError } from './replies'
import type { FormSource } from './form-source'
import { TooLargeError, receiveUpload } from './upload-receiver'

const STATUS_BY_CODE: Record<string, number> = {
  'invalid-input': 400,
  'invalid-document': 400,
  'unsupported-file-type': 415,
  'wrong-technician': 403,
  'conflicting-resubmission': 409,
}

export function registerWorkRoutes(app: FastifyInstance, source: FormSource): void {
  app.get('/api/jobs', async (req, reply) => {
    const session = await requireSession(source, req, reply)
    if (!session) return reply
    return await source.jobs({ id: session.technicianId, name: session.technicianName })
  })

  app.get('/api/price-book', async (req, reply) => {
    const session = await requireSession(source, req, reply)
    if (!session) return reply
    const parsed = PriceBookQuerySchema.safeParse(req.query)
    if (!parsed.success)
      return sendError(reply, 400, 'invalid-input', 'q: must be at most 100 characters', [
        { path: 'q', message: 'too long' },
      ])
    return { items: await source.searchPriceBook(parsed.data.q) }
  })

  // The phone keeps this copy to search with no signal; it refreshes it while the office is in reach.
  app.get('/api/price-book/all', async (req, reply) => {
    const session = await requireSession(source, req, reply)
    if (!session) return reply
    return await source.priceBookSnapshot()
  })

  app.post('/api/closeouts', async (req, reply) => {
    // Signed out: answer at once and drop the connection rather than read an upload nobody keeps.
    reply.header('connection', 'close')
    const session = await requireSession(source, req, reply)
    if (!session) return reply
    reply.removeHeader('connection')
    let upload
    try {
      upload = await receiveUpload(req, source.uploadTempDir)
    } catch (error) {
      if (error instanceof TooLargeError) {
        reply.header('connection', 'close')
        return sendError(reply, 413, error.code, error.message)
      }
      if (error instanceof CloseoutError) return sendError(reply, 400, error.code, error.message, error.details)
      throw error
    }
    try {
      const { created, answer } = await acceptCloseout(source, session, upload)
      return reply.code(created ? 201 : 200).send(answer)
    } catch (error) {
      if (error instanceof CloseoutError)
        return sendError(reply, STATUS_BY_CODE[error.code] ?? 400, error.code, error.message, error.details)
      throw error
    } finally {
      upload.cleanup()
    }
  })

  app.get<{ Params: { submissionId: string } }>('/api/receipts/:submissionId', async (req, reply) => {
    const session = await requireSession(source, req, reply)
    if (!session) return reply
    const id = req.params.submissionId
    // Someone else's submission answers exactly like an unknown one: ids are not disclosed.
    const known = UuidSchema.safeParse(id).success ? await findBundle(source, id) : null
    if (!known || known.technicianId !== session.technicianId)
      return sendError(reply, 404, 'not-found', 'No closeout with this id was sent by you')
    return answerFor(source.sharedDir, id)
  })

  // A sent-back closeout reopens on the phone as a copy: its photos and signature come back from
  // here. Only the signed-in technician's own submissions; anything else is a 404 like unknown ids.
  app.get('/api/submissions/:submissionId/attachment', async (req, reply) => {
    const session = await requireSession(source, req, reply)
    if (!session) return reply
    const params = AttachmentParamsSchema.safeParse(req.params)
    const query = AttachmentQuerySchema.safeParse(req.query)
    if (!params.success || !query.success) {
      const issue = (params.error ?? query.error)?.issues[0]
      const path = issue?.path.join('.') || 'file'
      return sendError(reply, 400, 'invalid-input', `${path}: ${issue?.message ?? 'is not valid'}`, [
        { path, message: issue?.message ?? 'is not valid' },
      ])
    }
    const found = await source.attachment(session.technicianId, params.data.submissionId, query.data.file)
    if (!found.ok) return sendError(reply, 404, found.code, found.message)
    return reply.type(found.mime).send(found.bytes)
  })
}
