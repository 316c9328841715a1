/** Events pushed to the office UI (past tense). No zod here: the sandboxed preload imports it. */
export const EVENT_NAMES = ['jobs.changed', 'inbox.changed'] as const
export type EventName = (typeof EVENT_NAMES)[number]

/** Why jobs changed: lets a screen skip a reload a change cannot concern. */
export const JOBS_CHANGED_REASONS = [
  'ingest',
  'decision',
  'dispute',
  'dispatch',
  'export',
  'batch-voided',
  'csv-import',
  'setup-import',
  'sent',
] as const
export type JobsChangedReason = (typeof JOBS_CHANGED_REASONS)[number]

export interface JobsChanged {
  reason: JobsChangedReason
  /** The jobs that changed, or null when any may have (an import, an export). */
  jobIds: string[] | null
}

/** What one inbox scan did. */
export interface InboxChanged {
  ingested: number
  duplicates: number
  rejected: number
  pending: number
}

/** Each office event's payload (as Actual's server events): emitters and listeners share it. */
export interface OfficeEvents {
  'jobs.changed': JobsChanged
  'inbox.changed': InboxChanged
}

/** Whether a jobs.changed event can concern the job `jobId`. */
export function concernsJob(event: JobsChanged, jobId: string): boolean {
  return event.jobIds === null || event.jobIds.includes(jobId)
}

/** IPC channel names shared by main and preload. */
export const IPC_CALL = 'closeout:call'
export const IPC_EVENT = 'closeout:event'
/** Desktop-only calls (not office API methods): reveal a file, pick a folder, go to a screen. */
export const IPC_SHOW_IN_FOLDER = 'closeout:show-in-folder'
export const IPC_PICK_FOLDER = 'closeout:pick-folder'
export const IPC_SAVE_COPY = 'closeout:save-copy'
export const IPC_OPEN_FILE = 'closeout:open-file'
export const IPC_NAVIGATE = 'closeout:navigate'
/** Desktop-only: open an .eml draft in the mail app. (The SMTP password goes with mail.updateSettings, admin + PIN.) */
export const IPC_OPEN_DRAFT = 'closeout:open-draft'
