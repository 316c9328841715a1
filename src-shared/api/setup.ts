import { z } from 'zod'

/** The setup.* methods; contract.ts spreads them in. */
export const setupMethods = {
  /** The office configuration as a closeout-setup/v1 document (PINs as hashes). */
  'setup.get': { input: z.strictObject({}).default({}), output: z.record(z.string(), z.unknown()) },
} as const
