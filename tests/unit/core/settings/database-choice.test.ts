import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseDatabaseOption } from '../../../../src-main/core/db/pg/engine'
import { databaseChoiceStore, type SafeStorageLike } from '../../../../src-main/core/settings/database-choice'

/** A stand-in for Electron's safeStorage: "encrypts" by XOR with a key, as the OS keychain would with its own. */
function fakeSafeStorage(state: { available: boolean; backend: string; key: number }): SafeStorageLike {
  return {
    isEncryptionAvailable: () => state.available,
    getSelectedStorageBackend: () => state.backend,
    encryptString: (s) => Buffer.from([...Buffer.from(`v10${s}`)].map((b) => b ^ state.key)),
    decryptString: (b) => {
      const text = Buffer.from([...b].map((x) => x ^ state.key)).toString()
      if (!text.startsWith('v10')) throw new Error('Error while decrypting the ciphertext provided to safeStorage')
      return text.slice(3)
    },
  }
}

const URL = 'postgres://closeout:Sup3r-Secret@db.office.lan:5432/closeout'
let dir: string
let keychain: { available: boolean; backend: string; key: number }
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'closeout-dbchoice-'))
  keychain = { available: true, backend: 'gnome_libsecret', key: 0x5a }
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const everythingOnDisk = () =>
  readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n')

describe('Settings > Database: the saved choice (issue #17)', () => {
  it('keeps a PostgreSQL connection string only encrypted: the password never in plain text in the data folder', () => {
    const store = databaseChoiceStore(dir, fakeSafeStorage(keychain), 'linux')
    expect(store.read()).toBeNull()
    store.write(parseDatabaseOption(URL))
    const disk = everythingOnDisk()
    expect(disk).not.toContain('Sup3r-Secret')
    // The file still says which server it names, with the password masked.
    expect(disk).toContain('postgres://closeout:***@db.office.lan:5432/closeout')
    expect(store.read()).toEqual({
      engine: 'postgres',
      url: URL,
      display: 'postgres://closeout:***@db.office.lan:5432/closeout',
    })
    // A new process (a restart) reads the same choice.
    expect(databaseChoiceStore(dir, fakeSafeStorage(keychain), 'linux').read()).toMatchObject({ url: URL })
    store.write({ engine: 'sqlite' })
    expect(store.read()).toEqual({ engine: 'sqlite' })
    expect(everythingOnDisk()).not.toContain('Sup3r-Secret')
  })

  it('refuses to keep a connection string where there is no keychain, and points to CLOSEOUT_DATABASE', () => {
    keychain.backend = 'basic_text'
    const linux = databaseChoiceStore(dir, fakeSafeStorage(keychain), 'linux')
    expect(linux.keychain()).toBe(false)
    expect(() => linux.write(parseDatabaseOption(URL))).toThrow(/no keychain.*CLOSEOUT_DATABASE/)
    expect(readdirSync(dir)).toEqual([])
    keychain.available = false
    const windows = databaseChoiceStore(dir, fakeSafeStorage(keychain), 'win32')
    expect(() => windows.write(parseDatabaseOption(URL))).toThrow(/CLOSEOUT_DATABASE/)
    // Choosing the SQLite file needs no secret.
    windows.write({ engine: 'sqlite' })
    expect(windows.read()).toEqual({ engine: 'sqlite' })
  })

  it('sets aside (never deletes) a choice encrypted on another PC or a file it did not write, and reads as nothing saved', () => {
    const store = databaseChoiceStore(dir, fakeSafeStorage(keychain), 'darwin')
    store.write(parseDatabaseOption(URL))
    keychain.key = 0x33 // another user's keychain
    expect(store.read()).toBeNull()
    expect(readdirSync(dir).filter((f) => f.startsWith('database.json.unreadable-'))).toHaveLength(1)
    writeFileSync(join(dir, 'database.json'), '{"engine":"postgres","url":"postgres://u:plain@h/d"}')
    expect(store.read()).toBeNull()
    expect(readdirSync(dir).filter((f) => f.startsWith('database.json.unreadable-')).length).toBeGreaterThanOrEqual(1)
    expect(readdirSync(dir)).not.toContain('database.json')
  })
})
