import { readFormSeat, servesForm, type FormSeat } from '../core/network/form-seat'
import type { Office } from '../core/office'
import type { LanServer } from './server'

/** How often a seat of an office on PostgreSQL looks whether it should serve the form. */
export const FORM_SEAT_CHECK_MS = 10_000

export interface FormHost {
  /** The form server this seat runs, or null when another seat serves the form (or it failed to start). */
  server(): LanServer | null
  /** On PostgreSQL: the seat chosen to serve the form (null on the SQLite file). */
  servedBy(): Promise<FormSeat | null>
  stop(): Promise<void>
}

/**
 * Runs the technician form on this seat when it is the one to serve it (core/network/form-seat.ts):
 * on the SQLite file at once; on PostgreSQL when this seat is chosen (or takes the free choice),
 * then it looks again every FORM_SEAT_CHECK_MS, so when an admin moves the form to another PC this
 * one stops listening for phones and that one starts, without a restart. A form server that
 * cannot start (a port taken) is said in the log and tried again at the next look.
 */
export async function hostForm(
  office: Office,
  start: () => Promise<LanServer>,
  options: { checkMs?: number } = {},
): Promise<FormHost> {
  let server: LanServer | null = null
  let stopped = false
  let chain: Promise<void> = Promise.resolve()

  const look = async () => {
    if (stopped) return
    const mine = await servesForm(office)
    if (mine && !server) server = await start()
    else if (!mine && server) {
      const old = server
      server = null
      await old.close()
    }
  }
  const again = () =>
    (chain = chain.then(look).catch((error: unknown) => console.error('[closeout] the phone form:', error)))

  if (office.engine === 'sqlite') server = await start()
  else await look()
  const timer =
    office.engine === 'sqlite' ? null : setInterval(() => void again(), options.checkMs ?? FORM_SEAT_CHECK_MS)
  timer?.unref()
  return {
    server: () => server,
    servedBy: () => readFormSeat(office),
    async stop() {
      stopped = true
      if (timer) clearInterval(timer)
      await chain
      const old = server
      server = null
      await old?.close()
    },
  }
}
