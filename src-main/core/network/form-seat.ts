import { z } from 'zod'
import { withTransaction } from '../db/engine-db'
import type { Office } from '../office'
import { readSettingAsync, writeSettingIn } from '../settings/settings-store'

/**
 * Which seat serves the technician form (issue #17). An office on PostgreSQL has several seats
 * (PCs) on one database, but the phones bookmark one address: one seat serves the form, the
 * others do not listen for phones. The first seat to start takes the form while no seat has
 * it; an admin moves it to the PC they sit at from Settings > Phone form (say, when the PC
 * that served it is retired). On the SQLite file there is one PC, which always serves it.
 */
export const FORM_SEAT_KEY = 'formSeat'

const FormSeatSchema = z.object({ id: z.string().min(1), name: z.string().min(1), since: z.string() })
export type FormSeat = z.infer<typeof FormSeatSchema>

/** The seat chosen to serve the form, or null when none is (yet), or on the SQLite file. */
export async function readFormSeat(office: Office): Promise<FormSeat | null> {
  if (office.engine === 'sqlite') return null
  const parsed = FormSeatSchema.safeParse(await readSettingAsync(office, FORM_SEAT_KEY))
  return parsed.success ? parsed.data : null
}

/**
 * Whether this seat serves the form: always on the SQLite file; on PostgreSQL when it is the
 * chosen seat, or when no seat is chosen yet (then it takes the form, in one transaction, so
 * two seats starting at once never both take it).
 */
export async function servesForm(office: Office, now = new Date()): Promise<boolean> {
  if (office.engine === 'sqlite') return true
  const chosen = await withTransaction(office, async (trx) => {
    const row = await trx
      .selectFrom('settings')
      .select('value_json')
      .where('key', '=', FORM_SEAT_KEY)
      .executeTakeFirst()
    const parsed = FormSeatSchema.safeParse(parseJson(row?.value_json))
    if (parsed.success) return parsed.data
    const mine: FormSeat = { id: office.seat.id, name: office.seat.name, since: now.toISOString() }
    await writeSettingIn(trx, FORM_SEAT_KEY, mine)
    return mine
  })
  return chosen.id === office.seat.id
}

/** Makes this seat the one that serves the form (an admin's choice in Settings). */
export async function serveFormHere(office: Office, now = new Date()): Promise<FormSeat> {
  const mine: FormSeat = { id: office.seat.id, name: office.seat.name, since: now.toISOString() }
  await withTransaction(office, (trx) => writeSettingIn(trx, FORM_SEAT_KEY, mine))
  return mine
}

/** A stored value that no longer parses counts as none chosen (as settings-store reads it). */
function parseJson(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : (JSON.parse(text) as unknown)
  } catch {
    return undefined
  }
}
