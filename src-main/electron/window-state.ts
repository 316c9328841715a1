import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BrowserWindow } from 'electron'
import { writeFileAtomic } from '../core/fs/atomic'

export interface WindowState {
  width: number
  height: number
  x?: number
  y?: number
  maximized: boolean
}

const DEFAULT: WindowState = { width: 1280, height: 800, maximized: false }

export function loadWindowState(userData: string): WindowState {
  try {
    const state = JSON.parse(readFileSync(join(userData, 'window-state.json'), 'utf8')) as Partial<WindowState>
    if (
      typeof state.width === 'number' &&
      typeof state.height === 'number' &&
      state.width >= 800 &&
      state.height >= 560
    ) {
      return { ...DEFAULT, ...state }
    }
  } catch {
    // First start or an unreadable file: fall back to the default size.
  }
  return DEFAULT
}

/** Remembers size, position and maximized state when the window closes. */
export function trackWindowState(win: BrowserWindow, userData: string): void {
  win.on('close', () => {
    const bounds = win.getNormalBounds()
    const state: WindowState = { ...bounds, maximized: win.isMaximized() }
    writeFileAtomic(join(userData, 'window-state.json'), JSON.stringify(state))
  })
}
