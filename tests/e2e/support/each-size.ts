import { test } from '@playwright/test'
import { serveForFile } from './office-session'
import type { ServedOffice } from './serve'

/** The two window sizes issue #14 holds the office to: a desktop and a 1024 px laptop. */
export const OFFICE_SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
] as const

export type OfficeSize = (typeof OFFICE_SIZES)[number]

/**
 * The spec's tests once at each of OFFICE_SIZES, in a describe block named after the size
 * ("at 1280x800"), each size with an office of its own (started by `start` before its first
 * test): the flows change the jobs they act on, so the second size must not find them done.
 */
export function atEachSizeWithItsOwnOffice(
  start: () => Promise<ServedOffice>,
  tests: (office: ServedOffice, size: OfficeSize) => void,
): void {
  for (const size of OFFICE_SIZES) {
    test.describe(`at ${size.width}x${size.height}`, () => {
      const office = serveForFile(start)
      test.use({ viewport: size })
      tests(office, size)
    })
  }
}
