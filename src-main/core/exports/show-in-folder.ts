import { spawn } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { CloseoutError } from '../errors'

/**
 * Opens the folder holding `path` in the desktop's file manager, on the office PC itself (the
 * office API only listens on 127.0.0.1). Only folders are opened, never a file, so nothing is
 * ever executed. Answers opened: false where there is no desktop (CI, a server).
 */
export function showInFolder(path: string, env: NodeJS.ProcessEnv = process.env): { opened: boolean; path: string } {
  const target = resolve(path)
  if (!existsSync(target)) throw new CloseoutError('not-found', `${target} does not exist (moved or deleted?)`)
  const folder = statSync(target).isDirectory() ? target : dirname(target)
  const noDesktop =
    env.CLOSEOUT_NO_REVEAL === '1' || (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY)
  if (noDesktop) return { opened: false, path: folder }
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [folder]]
      : process.platform === 'win32'
        ? ['explorer.exe', [folder]]
        : ['xdg-open', [folder]]
  try {
    const child = spawn(command, args as string[], { detached: true, stdio: 'ignore' })
    child.on('error', () => undefined)
    child.unref()
    return { opened: true, path: folder }
  } catch {
    return { opened: false, path: folder }
  }
}
