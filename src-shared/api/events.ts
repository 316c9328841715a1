/** Events pushed to the office UI (past tense). No zod here: the sandboxed preload imports it. */
export const EVENT_NAMES = ['jobs.changed', 'inbox.changed'] as const
export type EventName = (typeof EVENT_NAMES)[number]

/** IPC channel names shared by main and preload. */
export const IPC_CALL = 'closeout:call'
export const IPC_EVENT = 'closeout:event'
/** Desktop-only calls (not office API methods): reveal a file, pick a folder, go to a screen. */
export const IPC_SHOW_IN_FOLDER = 'closeout:show-in-folder'
export const IPC_PICK_FOLDER = 'closeout:pick-folder'
export const IPC_NAVIGATE = 'closeout:navigate'
