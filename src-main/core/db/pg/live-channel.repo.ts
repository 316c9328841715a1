import type pg from 'pg'

/**
 * The two statements of live updates across seats (live-events.ts), on the connection a seat
 * holds for them: LISTEN needs one session of its own, so these run on a `pg` client, not on
 * the office's Kysely pool. The channel is a fixed name; the message is always a parameter.
 */
export const LIVE_CHANNEL = 'closeout_events'

/** Starts hearing the other seats' messages on this connection ('notification' events). */
export async function listenForSeats(client: pg.Client): Promise<void> {
  await client.query(`LISTEN ${LIVE_CHANNEL}`)
}

/** Sends one message to every seat listening now (delivered when the statement commits). */
export async function notifySeats(client: pg.ClientBase, message: string): Promise<void> {
  await client.query('SELECT pg_notify($1, $2)', [LIVE_CHANNEL, message])
}
