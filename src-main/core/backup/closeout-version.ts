import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { projectRoot } from '../paths'

let cached: string | null = null

/** This Closeout's version (package.json), recorded in each backup's manifest. */
export function closeoutVersion(): string {
  if (cached) return cached
  try {
    const pkg = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version?: string }
    cached = pkg.version ?? 'unknown'
  } catch {
    cached = 'unknown'
  }
  return cached
}
