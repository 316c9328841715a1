import { existsSync, readFileSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { CloseoutError } from '../errors'
import { writeFileAtomic } from '../fs/atomic'
import { maskConnectionString, parseDatabaseOption, type DatabaseEngine } from '../db/pg/engine'

/** The environment variable `serve`, the command line and the desktop app read the engine from. */
export const DATABASE_VARIABLE = 'CLOSEOUT_DATABASE'

/** The file in the data folder that remembers Settings > Database (desktop app). */
export const DATABASE_CHOICE_FILE = 'database.json'

/**
 * The part of Electron's safeStorage the choice needs (tests hand in a stand-in with the same
 * shape). On Linux without a keychain Electron falls back to a fixed key ("basic_text"): that is
 * not a secret store, so nothing is kept then.
 */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean
  getSelectedStorageBackend?(): string
  encryptString(plainText: string): Buffer
  decryptString(encrypted: Buffer): string
}

/**
 * The saved choice: the SQLite file, or a PostgreSQL connection string (password included, from
 * the keychain) with the folder where this PC reaches the attachments every seat shares.
 */
export type SavedDatabaseChoice =
  | Extract<DatabaseEngine, { engine: 'sqlite' }>
  | (Extract<DatabaseEngine, { engine: 'postgres' }> & { attachmentsDir?: string })

/** Where the desktop app keeps Settings > Database; `serve` has none (CLOSEOUT_DATABASE is its way). */
export interface DatabaseChoiceStore {
  /** Whether this computer has a keychain the connection string can be locked in. */
  keychain(): boolean
  /** The saved choice, or null when none was saved (or it cannot be read here: then set aside, never deleted). */
  read(): SavedDatabaseChoice | null
  /** Saves a choice (replacing the one before). Refuses a PostgreSQL string where there is no keychain. */
  write(choice: SavedDatabaseChoice): void
}

const OnDiskSchema = z.discriminatedUnion('engine', [
  z.strictObject({ version: z.literal(1), engine: z.literal('sqlite') }),
  z.strictObject({
    version: z.literal(1),
    engine: z.literal('postgres'),
    /** The string with its password masked, so the file says what it is without the secret. */
    target: z.string(),
    /** The whole connection string, encrypted with the OS keychain's key (base64). */
    encrypted: z.string().min(1),
    /** Where this PC reaches the attachment folder every seat shares (not a secret). */
    attachmentsDir: z.string().min(1).optional(),
  }),
])

/**
 * Settings > Database on the desktop: database.json in the data folder. A PostgreSQL
 * connection string is kept only encrypted with the OS keychain's key (DPAPI on Windows, the
 * Keychain on macOS, libsecret on Linux): the file holds the masked form beside the ciphertext,
 * never the password in plain text. Only this user on this PC can decrypt it; a data folder
 * copied elsewhere reads as "nothing saved" and the unreadable file is set aside.
 */
export function databaseChoiceStore(
  dataDir: string,
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform = process.platform,
): DatabaseChoiceStore {
  const file = join(dataDir, DATABASE_CHOICE_FILE)
  const keychain = () =>
    safeStorage.isEncryptionAvailable() &&
    (platform !== 'linux' || safeStorage.getSelectedStorageBackend?.() !== 'basic_text')
  const setAside = (why: string) => {
    const aside = `${file}.unreadable-${Date.now()}`
    renameSync(file, aside)
    console.error(`[closeout] ${DATABASE_CHOICE_FILE} ${why}; set aside as ${aside}`)
  }
  return {
    keychain,
    read() {
      if (!existsSync(file)) return null
      let stored: z.infer<typeof OnDiskSchema>
      try {
        stored = OnDiskSchema.parse(JSON.parse(readFileSync(file, 'utf8')))
      } catch {
        setAside('is not a database choice Closeout wrote')
        return null
      }
      if (stored.engine === 'sqlite') return { engine: 'sqlite' }
      if (!keychain()) return null
      try {
        const url = safeStorage.decryptString(Buffer.from(stored.encrypted, 'base64'))
        const engine = parseDatabaseOption(url, 'Settings > Database')
        if (engine.engine !== 'postgres') throw new Error('not a PostgreSQL string')
        return stored.attachmentsDir ? { ...engine, attachmentsDir: stored.attachmentsDir } : engine
      } catch {
        // Encrypted by another user or PC (a copied data folder), or no longer a valid string.
        setAside('cannot be read on this computer')
        return null
      }
    },
    write(choice) {
      if (choice.engine === 'sqlite') {
        writeFileAtomic(file, `${JSON.stringify({ version: 1, engine: 'sqlite' })}\n`)
        return
      }
      if (!keychain())
        throw new CloseoutError(
          'no-keychain',
          `This computer has no keychain Closeout can lock the connection string in: set ${DATABASE_VARIABLE} in the environment instead`,
        )
      const encrypted = safeStorage.encryptString(choice.url).toString('base64')
      const stored = {
        version: 1,
        engine: 'postgres',
        target: maskConnectionString(choice.url),
        encrypted,
        ...(choice.attachmentsDir ? { attachmentsDir: choice.attachmentsDir } : {}),
      }
      writeFileAtomic(file, `${JSON.stringify(stored, null, 2)}\n`)
    },
  }
}
