import type { Server } from 'node:http'
import type { Socket } from 'node:net'

/** How long a request under way (a closeout's photos uploading) may finish after the form stops. */
export const STOP_GRACE_MS = 5_000

/**
 * The phones' connections to the form, so that stopping it (the office PC quitting, another seat
 * taking over the phones) does not wait for them. Node's own close waits for every connection: a
 * browser's connection opened ahead of need, which has sent nothing, is cut only by the 30 s
 * silence rule. Stopping ends every connection with no request under way at once; a request
 * under way gets STOP_GRACE_MS to finish, then is cut too (the phone keeps the closeout and sends
 * it again; the office takes it once).
 */
export function trackConnections(server: Server): { endAll: (graceMs?: number) => () => void } {
  const open = new Set<Socket>()
  const busy = new Set<Socket>()
  let stopping = false
  server.on('connection', (socket: Socket) => {
    open.add(socket)
    socket.once('close', () => {
      open.delete(socket)
      busy.delete(socket)
    })
  })
  server.on('request', (req, res) => {
    busy.add(req.socket)
    res.once('close', () => {
      busy.delete(req.socket)
      // Answered while stopping: the connection is not kept for a next request.
      if (stopping) req.socket.destroySoon()
    })
  })
  return {
    endAll(graceMs = STOP_GRACE_MS) {
      stopping = true
      for (const socket of open) if (!busy.has(socket)) socket.destroy()
      const cut = setTimeout(() => {
        for (const socket of open) socket.destroy()
      }, graceMs)
      cut.unref()
      return () => clearTimeout(cut)
    },
  }
}
