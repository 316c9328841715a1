import { connect } from 'node:net'

/**
 * A slowloris client: sends a request line, then one more header every second and never ends
 * the headers. Resolves when the server closes the connection, with how long that took and the
 * status line it sent (if any).
 */
export function slowHeaders(port: number, giveUpAfterMs: number): Promise<{ ms: number; statusLine: string | null }> {
  return new Promise((resolve) => {
    const started = Date.now()
    let received = ''
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`)
    })
    const drip = setInterval(() => {
      if (!socket.destroyed) socket.write(`X-Slow-${Date.now()}: 1\r\n`)
    }, 1_000)
    const giveUp = setTimeout(() => socket.destroy(), giveUpAfterMs)
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1')
    })
    socket.on('error', () => undefined)
    socket.on('close', () => {
      clearInterval(drip)
      clearTimeout(giveUp)
      resolve({ ms: Date.now() - started, statusLine: received ? (received.split('\r\n')[0] ?? null) : null })
    })
  })
}
