import { isAdminSection } from '../../../src-shared/api/settings'
import { confirmAdmin } from '../auth/admin-confirm'
import { endSessionsVia, revokeUserSessions } from '../auth/office-sessions'
import { applySecondSeat } from '../network/second-seat'
import { revokeTechnicianSessions } from '../auth/technician-sessions'
import { changedPins, pinHashes } from '../settings/settings-audit'
import { updateSettings } from '../settings/settings-update'
import { locationsFile } from '../settings/folders'
import { loadSettings } from '../settings/settings-view'
import type { Office } from '../office'
import { signedIn, type PrefixHandlers } from './handler-types'

const SECTION_WORDS: Record<string, string> = {
  jobTypes: 'job types',
  approvalPolicy: 'the approval policy',
  users: 'office users, roles and PINs',
  technicians: 'technicians and their PINs',
  folders: 'the folders',
  signIn: 'sign-in settings',
  secondSeat: 'the second seat (the office UI on the LAN)',
}

/** The settings.* methods (contract: src-shared/api/settings.ts). */
export function settingsHandlers(office: Office): PrefixHandlers<'settings'> {
  return {
    'settings.get': () => loadSettings(office),
    'settings.update': async (input, ctx) => {
      const user = signedIn(ctx)
      const { confirmPin, ...update } = { confirmPin: undefined, ...input }
      if (isAdminSection(update.section))
        await confirmAdmin(office, user, confirmPin, SECTION_WORDS[update.section] ?? update.section)
      const people = update.section === 'users' || update.section === 'technicians' ? update.section : null
      const pinsBefore = people ? await pinHashes(office, people) : null
      const before = await loadSettings(office)
      // Each section is saved with its audit entry in one transaction.
      const result = await updateSettings(office, update, locationsFile(), user.id)
      const pinsChanged = people && pinsBefore ? changedPins(pinsBefore, await pinHashes(office, people)) : []
      if (people) {
        // A new PIN or a switched-off person ends their sessions (the admin's own current one stays).
        const activeAfter = new Set(result.settings[people].filter((p) => p.active).map((p) => p.id))
        const switchedOff = before[people].filter((p) => p.active && !activeAfter.has(p.id)).map((p) => p.id)
        for (const id of new Set([...pinsChanged, ...switchedOff])) {
          if (people === 'users') revokeUserSessions(office, id, ctx.sessionId ?? undefined)
          else revokeTechnicianSessions(office, id)
        }
      }
      if (update.section === 'secondSeat') {
        // The running server follows at once; switched off, it stops and its sessions end.
        const seat = await applySecondSeat(office)
        if (!update.enabled) endSessionsVia(office, 'second-seat')
        result.notice = seat.running
          ? `Other PCs in the office can open ${seat.urls.join(' or ')} and sign in.`
          : update.enabled
            ? `The second seat is on but not listening: ${seat.problem ?? 'unknown reason'}`
            : 'The second seat is off: its sessions were signed out.'
      }
      return result
    },
  }
}
