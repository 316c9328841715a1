/**
 * The last person who approved on this computer. Only the name is kept (never the PIN): the
 * next approval starts with it chosen and the cursor in the PIN field.
 */
const KEY = 'closeout.lastApprover'

export function rememberedApprover(): string | null {
  try {
    return window.localStorage.getItem(KEY)
  } catch {
    // Storage can be off (private windows, locked-down profiles): then nothing is remembered.
    return null
  }
}

export function rememberApprover(userId: string): void {
  try {
    window.localStorage.setItem(KEY, userId)
  } catch {
    // See rememberedApprover.
  }
}
