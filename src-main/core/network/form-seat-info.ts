import type { FormSeatInfo } from '../../../src-shared/api/lan'
import type { SessionUser } from '../../../src-shared/api/session'
import { confirmAdmin } from '../auth/admin-confirm'
import type { Office } from '../office'
import { readFormSeat, serveFormHere } from './form-seat'

/** Settings > Phone form: which seat serves the form (null on the SQLite file, where there is one PC). */
export async function formSeatInfo(office: Office): Promise<FormSeatInfo> {
  if (office.engine === 'sqlite') return null
  const servedBy = await readFormSeat(office)
  return {
    servedBy,
    thisSeat: { id: office.seat.id, name: office.seat.name },
    here: servedBy?.id === office.seat.id,
  }
}

/**
 * An admin moves the form to the PC they sit at (their PIN confirms it). The seat that served
 * it stops listening for phones at its next look (lan/form-host.ts), this one starts; the
 * technicians then scan this PC's code.
 */
export async function moveFormHere(
  office: Office,
  user: SessionUser,
  input: { confirmPin: string },
): Promise<FormSeatInfo> {
  await confirmAdmin(
    office,
    user,
    input.confirmPin,
    'which PC serves the phone form',
    'serve the phone form from this PC',
  )
  await serveFormHere(office)
  return formSeatInfo(office)
}
