import type { Server } from 'node:http'
import type { Socket } from 'node:net'

/** How long a request under way (a closeout's photos uploading) may finish after the form stops. */
export const STOP_GRACE_MS = 5_000

/**
 * A server's connections, so that stopping it (the office PC quitting, another seat taking over
 * the phones, `serve` stopping) does not wait for them. Node's own close waits for every
 * connection: a browser's connection opened ahead of need, which has sent nothing, is not idle to
 * Node (on the phone form it was cut only by the 30 s silence rule; on the office server, never).
 * Stopping ends every connection with no request under way at once and closes one under way after
 * its answer. `graceMs`: how long a request under way may take before it is cut too (the phone
 * form: the phone keeps the closeout and sends it again, the office takes it once); null waits
 * for it (the office server: an export under way finishes).
 */
export function trackConnections(server: Server): { endAll: (graceMs?: number | null) => () => void } {
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
      if (graceMs === null) return () => undefined
      const cut = setTimeout(() => {
        for (const socket of open) socket.destroy()
      }, graceMs)
      cut.unref()
      return () => clearTimeout(cut)
    },
  }
}
