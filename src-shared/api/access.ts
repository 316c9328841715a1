import type { MethodName } from './contract'

/**
 * Who may call each office API method (docs/security.md, "Admin-only actions"). Every method is
 * classified here, so a new one cannot ship without someone deciding (the type requires it):
 * - `open`: no session (SESSION_FREE_METHODS, the sign-in screen);
 * - `signed-in`: any signed-in office user (their role may still be checked inside, as approvals do);
 * - `admin`: an admin only (reads that show what guards the office);
 * - `admin-pin`: an admin only, who confirms with their own PIN (`confirmPin`);
 * - `admin-sections`: `settings.update`, admin + PIN for ADMIN_SECTIONS, any signed-in user otherwise.
 * Dispatch refuses a non-admin for `admin` and `admin-pin` before the handler runs; the handler
 * checks the PIN.
 */
export type MethodAccess = 'open' | 'signed-in' | 'admin' | 'admin-pin' | 'admin-sections'

export interface MethodAccessRule {
  access: MethodAccess
  /** For admin methods: what the refusal says a non-admin may not do ("restore a backup"). */
  what?: string
}

const signedIn: MethodAccessRule = { access: 'signed-in' }
const open: MethodAccessRule = { access: 'open' }
const admin = (what: string): MethodAccessRule => ({ access: 'admin', what })
const adminPin = (what: string): MethodAccessRule => ({ access: 'admin-pin', what })

export const METHOD_ACCESS: { readonly [M in MethodName]: MethodAccessRule } = {
  'session.signIn': open,
  'session.current': open,
  'session.signOut': open,
  'session.createFirstAdmin': open,
  'session.list': admin('see who is signed in'),
  'session.end': adminPin('sign a session out'),

  'jobs.list': signedIn,
  'jobs.counts': signedIn,
  'jobs.get': signedIn,
  'jobs.form': signedIn,
  'jobs.create': signedIn,
  'jobs.update': signedIn,
  'jobs.closeout': signedIn,
  'jobs.editLines': signedIn,
  'jobs.void': signedIn,
  'jobs.dispute': signedIn,
  'approvals.list': signedIn,
  'approvals.approve': signedIn,
  'approvals.approveMany': signedIn,
  'approvals.sendBack': signedIn,
  'users.list': signedIn,
  'users.locks': signedIn,
  'users.unlock': adminPin('lift an office user’s PIN lock'),
  'dispatch.options': signedIn,
  'attachments.get': signedIn,
  'imports.preview': signedIn,
  'imports.commit': signedIn,
  'settings.get': signedIn,
  'settings.update': { access: 'admin-sections' },
  // The whole setup document holds every PIN hash: whoever reads it can guess PINs offline.
  'setup.get': adminPin('read the setup document (it holds the PIN hashes)'),
  'lan.info': signedIn,
  'lan.seatInfo': signedIn,
  'lan.technicianLocks': signedIn,
  'lan.unlockTechnician': adminPin('lift a technician’s PIN lock'),
  'lan.formSeat': signedIn,
  'lan.serveFormHere': adminPin('serve the phone form from this PC'),
  'inbox.health': signedIn,
  'inbox.reprocess': signedIn,
  'metrics.get': signedIn,
  'metrics.jobs': signedIn,
  'metrics.setApprovalSla': signedIn,
  'exports.preflight': signedIn,
  'exports.run': signedIn,
  'exports.batches': signedIn,
  'exports.file': signedIn,
  'exports.markImported': signedIn,
  'exports.reexport': signedIn,
  'exports.voidBatch': signedIn,
  'exports.showInFolder': signedIn,
  // Accounting names and file formats: billing's own work, recorded with the export that uses them.
  'exports.settings.get': signedIn,
  'exports.settings.update': signedIn,
  'packets.pdf': signedIn,
  'packets.write': signedIn,
  'backups.status': signedIn,
  'backups.runNow': signedIn,
  'backups.setFolder': adminPin('choose where backups go'),
  'backups.restore': adminPin('restore a backup'),
  'review.createJob': signedIn,
  'review.matchToJob': signedIn,
  'review.reprocess': signedIn,
  'mail.settings': signedIn,
  'mail.updateSettings': adminPin('change how invoices are e-mailed'),
  'mail.send': signedIn,
  'mail.sendBatch': signedIn,
  'database.view': admin('see or change the database'),
  'database.test': admin('see or change the database'),
  'database.save': adminPin('change the database'),
}

/** Methods only an admin may call (whatever the input). */
export const ADMIN_METHODS = (Object.keys(METHOD_ACCESS) as MethodName[]).filter((m) =>
  ['admin', 'admin-pin'].includes(METHOD_ACCESS[m].access),
)
