import { Menu, nativeImage, Tray } from 'electron'
import { join } from 'node:path'

/** The tray icon: how many jobs wait for approval, one click away from the window. */
export interface ApprovalTray {
  setCount(count: number): void
  destroy(): void
}

export function createApprovalTray(options: {
  iconDir: string
  show: (hash?: string) => void
  quit: () => void
}): ApprovalTray {
  const image = nativeImage.createFromPath(join(options.iconDir, 'tray.png'))
  const retina = nativeImage.createFromPath(join(options.iconDir, 'tray@2x.png'))
  if (!retina.isEmpty()) image.addRepresentation({ scaleFactor: 2, buffer: retina.toPNG() })
  const tray = new Tray(image)
  let count = -1
  const render = () => {
    const label =
      count === 0
        ? 'Nothing waiting for approval'
        : count === 1
          ? '1 job waiting for approval'
          : `${count} jobs waiting for approval`
    tray.setToolTip(`Closeout · ${label}`)
    // macOS shows text beside the icon; Windows shows the tooltip.
    if (process.platform === 'darwin') tray.setTitle(count > 0 ? String(count) : '')
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label, enabled: count > 0, click: () => options.show('#/approvals') },
        { type: 'separator' },
        { label: 'Open Closeout', click: () => options.show() },
        { label: 'Quit Closeout', click: options.quit },
      ]),
    )
  }
  tray.on('click', () => options.show(count > 0 ? '#/approvals' : undefined))
  return {
    setCount(next) {
      if (next === count) return
      count = next
      render()
    },
    destroy: () => tray.destroy(),
  }
}
