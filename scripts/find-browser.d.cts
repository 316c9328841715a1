/** The path of a Chromium to drive (CHROMIUM_PATH, Playwright's own, then the PATH), or null. */
export function findBrowser(env?: NodeJS.ProcessEnv): string | null
/** One line saying how to get a Chromium on Debian/Ubuntu, macOS and Windows. */
export const NO_BROWSER: string
