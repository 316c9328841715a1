/** The office UI is served from app://office/ (a standard, secure custom scheme: no file:// pitfalls). */
export const SCHEME = 'app'
export const OFFICE_ORIGIN = `${SCHEME}://office`

/**
 * Only our own page may call the office API. Node's URL gives custom schemes the origin "null",
 * so the scheme and host are compared instead of `origin`.
 */
export function isOfficePage(url: string | undefined): boolean {
  try {
    const parsed = new URL(url ?? '')
    return parsed.protocol === `${SCHEME}:` && parsed.host === 'office'
  } catch {
    return false
  }
}
