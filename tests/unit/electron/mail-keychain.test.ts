import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'

/** Electron stand-in: safeStorage "encrypts" by XOR with a per-test key, as the OS keychain would with its own. */
const keychain = vi.hoisted(() => ({ available: true, backend: 'gnome_libsecret', key: 0x5a }))
vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => keychain.available,
    getSelectedStorageBackend: () => keychain.backend,
    encryptString: (s: string) => Buffer.from([...Buffer.from(`v10${s}`)].map((b) => b ^ keychain.key)),
    decryptString: (b: Buffer) => {
      const text = Buffer.from([...b].map((x) => x ^ keychain.key)).toString()
      if (!text.startsWith('v10')) throw new Error('Error while decrypting the ciphertext provided to safeStorage')
      return text.slice(3)
    },
  },
}))

const { mailKeychain } = await import('../../../src-main/electron/mail-keychain')
let dir: string
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
  Object.assign(keychain, { available: true, backend: 'gnome_libsecret', key: 0x5a })
})

describe('the SMTP password in the OS keychain', () => {
  it('stores it encrypted (never the plain text in the data folder) and reads it back', () => {
    dir = mkdtempSync(join(tmpdir(), 'closeout-keychain-'))
    const store = mailKeychain(dir)
    expect(store.read()).toBeNull()
    store.write('correct horse battery')
    const onDisk = readdirSync(dir).map((f) => readFileSync(join(dir, f)))
    expect(onDisk).toHaveLength(1)
    expect(onDisk[0]!.includes('correct horse')).toBe(false)
    expect(store.read()).toBe('correct horse battery')
    store.write(null)
    expect(store.read()).toBeNull()
  })

  it('refuses to store where Linux has no keychain, and sets aside a password another PC encrypted', () => {
    dir = mkdtempSync(join(tmpdir(), 'closeout-keychain-'))
    const store = mailKeychain(dir)
    keychain.backend = 'basic_text'
    expect(() => store.write('pw')).toThrow(/CLOSEOUT_SMTP_PASSWORD/)
    keychain.backend = 'gnome_libsecret'
    store.write('pw')
    keychain.key = 0x33
    expect(store.read()).toBeNull()
    expect(readdirSync(dir).some((f) => f.startsWith('mail-password.enc.unreadable-'))).toBe(true)
  })
})
