import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'

/** Electron stand-in: the menu template is kept as given so its items can be read. */
const electron = vi.hoisted(() => ({ isPackaged: true }))
vi.mock('electron', () => ({
  app: {
    get isPackaged() {
      return electron.isPackaged
    },
    getVersion: () => '0.0.0-test',
  },
  shell: { openExternal: () => undefined },
  Menu: { buildFromTemplate: (template: unknown) => template },
}))

type Item = { label?: string; role?: string; submenu?: Item[] }
const roles = (items: Item[]): string[] =>
  items.flatMap((i) => [...(i.role ? [i.role] : []), ...(i.submenu ? roles(i.submenu) : [])])

const build = async () => {
  const { buildAppMenu } = await import('../../../src-main/electron/app-menu')
  const noop = () => undefined
  return buildAppMenu({ go: noop, openDataFolder: noop, openSharedFolder: noop }) as unknown as Item[]
}

describe('the application menu', () => {
  beforeEach(() => vi.resetModules())

  it('has no Developer Tools or Reload in an installed app, and keeps them in a checkout', async () => {
    electron.isPackaged = true
    const packaged = roles(await build())
    expect(packaged).not.toContain('toggleDevTools')
    expect(packaged).not.toContain('viewMenu')
    expect(packaged).not.toContain('reload')
    expect(packaged).toContain('zoomIn')
    electron.isPackaged = false
    expect(roles(await build())).toContain('toggleDevTools')
  })

  it('packages with the file:// extra-privileges fuse off and DevTools off for installed windows', () => {
    const root = join(__dirname, '..', '..', '..')
    expect(readFileSync(join(root, 'electron-builder.yml'), 'utf8')).toMatch(
      /^\s+grantFileProtocolExtraPrivileges: false$/m,
    )
    expect(readFileSync(join(root, 'src-main', 'electron', 'main.ts'), 'utf8')).toContain('devTools: !app.isPackaged')
  })
})
