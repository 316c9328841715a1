import { listTechnicianLocks, unlockTechnician } from '../auth/technician-locks'
import { formSeatInfo, moveFormHere } from '../network/form-seat-info'
import { lanInfo } from '../network/lan-info'
import { seatInfo } from '../network/second-seat'
import type { Office } from '../office'
import { signedIn, type PrefixHandlers } from './handler-types'

/** The lan.* methods (contract: src-shared/api/lan.ts). */
export function lanHandlers(office: Office): PrefixHandlers<'lan'> {
  return {
    'lan.info': () => lanInfo(office),
    'lan.seatInfo': () => seatInfo(office),
    'lan.technicianLocks': () => listTechnicianLocks(office),
    'lan.unlockTechnician': (input, ctx) => unlockTechnician(office, signedIn(ctx), input),
    'lan.formSeat': () => formSeatInfo(office),
    'lan.serveFormHere': (input, ctx) => moveFormHere(office, signedIn(ctx), input),
  }
}
