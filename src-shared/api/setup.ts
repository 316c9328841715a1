import { z } from 'zod'

/** The setup.* methods; contract.ts spreads them in. */
export const setupMethods = {
  /** The office configuration as a closeout-setup/v1 document (PINs as hashes): an admin, with their PIN. */
  'setup.get': {
    input: z
      .strictObject({
        confirmPin: z
          .string()
          .regex(/^\d{4,8}$/, 'enter your PIN (4 to 8 digits) to confirm')
          .optional(),
      })
      .default({}),
    output: z.record(z.string(), z.unknown()),
  },
} as const
