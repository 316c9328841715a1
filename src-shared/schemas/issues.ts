import type { z } from 'zod'

export interface PathMessage {
  path: string
  message: string
}

/** zod issue path ["parts", 0, "quantity"] -> "parts[0].quantity". */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else out += out ? `.${String(key)}` : String(key)
  }
  return out || '(root)'
}

export function issuesToDetails(error: z.ZodError): PathMessage[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }))
}

/** One line for a terminal: "parts[0].quantity: must be a number ... (and 2 more problems)". */
export function summarizeDetails(details: readonly PathMessage[]): string {
  const [first] = details
  if (!first) return 'invalid input'
  const more = details.length > 1 ? ` (and ${details.length - 1} more problem${details.length > 2 ? 's' : ''})` : ''
  return `${first.path}: ${first.message}${more}`
}
