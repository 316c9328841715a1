import { z } from 'zod'

/**
 * Settings > Database (issue #17, admin only): which engine this office runs on, a "Test
 * connection" for a PostgreSQL connection string, and the choice saved for the desktop app.
 * A password never crosses this boundary on the way out: connection strings are shown masked
 * (password as ***).
 */

/** A connection string as typed: checked by the server (core/db/pg/engine.ts names the wrong part). */
const ConnectionStringSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(2000, 'must be at most 2000 characters')

export const DatabaseTestInputSchema = z.strictObject({ url: ConnectionStringSchema })

/** What a PostgreSQL database holds, as far as Closeout is concerned. */
export const DatabaseSchemaStateSchema = z.discriminatedUnion('state', [
  /** No tables at all: `closeout db migrate --to …` may move an office here. */
  z.object({ state: z.literal('empty') }),
  /** Closeout's schema: the last migration applied, and how it compares with this version's. */
  z.object({
    state: z.literal('closeout'),
    migration: z.string(),
    applied: z.number().int(),
    known: z.number().int(),
    relation: z.enum(['current', 'behind', 'newer']),
  }),
  /** Tables that are not Closeout's. */
  z.object({ state: z.literal('other'), tables: z.number().int() }),
])
export type DatabaseSchemaState = z.infer<typeof DatabaseSchemaStateSchema>

export const DATABASE_TEST_FAILURES = [
  'invalid',
  'refused',
  'auth-failed',
  'timeout',
  'host-not-found',
  'no-database',
  'other',
] as const

export const DatabaseTestOutputSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    /** The connection string with the password as ***. */
    target: z.string(),
    serverVersion: z.string(),
    schema: DatabaseSchemaStateSchema,
    /** One plain sentence for the screen. */
    summary: z.string(),
  }),
  z.object({
    ok: z.literal(false),
    target: z.string(),
    reason: z.enum(DATABASE_TEST_FAILURES),
    /** What went wrong and what to check, never with the password. */
    message: z.string(),
  }),
])
export type DatabaseTestOutput = z.infer<typeof DatabaseTestOutputSchema>

export const DatabaseViewSchema = z.object({
  /**
   * The engine the office runs on right now, and where its photos and signatures are: the
   * SQLite file in the data folder, or a PostgreSQL server (this PC being one of its seats).
   */
  inUse: z.discriminatedUnion('engine', [
    z.object({ engine: z.literal('sqlite'), file: z.string(), attachmentsDir: z.string() }),
    z.object({
      engine: z.literal('postgres'),
      target: z.string(),
      /** This PC's name among the seats. */
      seat: z.string(),
      attachmentsDir: z.string(),
    }),
  ]),
  /** The choice saved in Settings (desktop app): null when none was saved. */
  saved: z
    .discriminatedUnion('engine', [
      z.object({ engine: z.literal('sqlite') }),
      z.object({
        engine: z.literal('postgres'),
        target: z.string(),
        /** Where this PC reaches the attachments every seat shares (null: this PC's data folder). */
        attachmentsDir: z.string().nullable(),
      }),
    ])
    .nullable(),
  /** Where a choice can be kept on this host: the desktop's keychain, or only the environment (`serve`). */
  storage: z.enum(['keychain', 'environment-only', 'no-keychain']),
  /** The environment variable `serve` and the command line read. */
  variable: z.string(),
  /** Whether that variable is set for this process (masked value), so Settings can say it wins. */
  fromEnvironment: z.string().nullable(),
})
export type DatabaseView = z.infer<typeof DatabaseViewSchema>

export const DatabaseSaveInputSchema = z.strictObject({
  /** A postgres:// connection string, or "sqlite" for the SQLite file in the data folder. */
  url: ConnectionStringSchema,
  /**
   * With a PostgreSQL server: the folder where this PC reaches the attachments every seat
   * shares (a network share, as this PC names it), such as /Volumes/closeout/attachments.
   */
  attachmentsDir: z.string().trim().max(1000, 'must be at most 1000 characters').optional(),
  /** The admin's own PIN: choosing the database is an admin change. */
  confirmPin: z.string().max(8, 'must be at most 8 digits').optional(),
})

export const DatabaseSaveOutputSchema = z.object({
  view: DatabaseViewSchema,
  /** What happens now, in plain words (the choice takes effect at the next start). */
  notice: z.string(),
})

/** The database.* methods; contract.ts spreads them in. */
export const databaseMethods = {
  /** Settings > Database: the engine in use and the saved choice (admin only). */
  'database.view': { input: z.strictObject({}).default({}), output: DatabaseViewSchema },
  /** Connects to a PostgreSQL server and reports its version and schema, or why it could not (admin only). */
  'database.test': { input: DatabaseTestInputSchema, output: DatabaseTestOutputSchema },
  /** Saves the choice for the desktop app, the password in the OS keychain (admin, PIN confirmed). */
  'database.save': { input: DatabaseSaveInputSchema, output: DatabaseSaveOutputSchema },
} as const
