import { safeStorage } from 'electron'
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomic } from '../core/fs/atomic'
import type { MailPasswordStore } from '../core/office'

/**
 * The SMTP password, encrypted with the OS keychain's key (DPAPI on Windows, the Keychain on
 * macOS, libsecret on Linux) before it touches the data folder; only this user on this PC can
 * decrypt it. Where the OS has no keychain (Electron would fall back to a fixed key), nothing is
 * stored and the user is told to use the environment variable instead.
 */
export function mailKeychain(dataDir: string): MailPasswordStore {
  const file = join(dataDir, 'mail-password.enc')
  const usable = () =>
    safeStorage.isEncryptionAvailable() &&
    (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text')
  return {
    read() {
      if (!existsSync(file) || !usable()) return null
      try {
        return safeStorage.decryptString(readFileSync(file))
      } catch {
        // Encrypted by another user or PC (a copied data folder): set aside, never deleted.
        renameSync(file, `${file}.unreadable-${Date.now()}`)
        return null
      }
    },
    write(password) {
      if (password === null || password === '') {
        rmSync(file, { force: true })
        return
      }
      if (!usable()) {
        throw new Error(
          'This computer has no keychain Closeout can use: set CLOSEOUT_SMTP_PASSWORD in the environment instead',
        )
      }
      writeFileAtomic(file, safeStorage.encryptString(password))
    },
  }
}
