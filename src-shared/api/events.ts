/** Events pushed to the office UI (past tense). No zod here: the sandboxed preload imports it. */
export const EVENT_NAMES = ['jobs.changed', 'inbox.changed'] as const
export type EventName = (typeof EVENT_NAMES)[number]

/** IPC channel names shared by main and preload. */
export const IPC_CALL = 'closeout:call'
export const IPC_EVENT = 'closeout:event'
