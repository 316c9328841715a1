import { app, Menu, shell, type MenuItemConstructorOptions } from 'electron'

/**
 * The application menu: the standard Edit/View/Window roles (copy and paste work in every
 * field) plus Go to each screen with the same shortcuts on Windows and macOS.
 */
export function buildAppMenu(options: {
  go: (hash: string) => void
  openDataFolder: () => void
  openSharedFolder: () => void
}): Menu {
  const mac = process.platform === 'darwin'
  const screens: [string, string, string][] = [
    ['Inbox', '#/inbox', 'CmdOrCtrl+1'],
    ['Approvals', '#/approvals', 'CmdOrCtrl+2'],
    ['Dispatch', '#/dispatch', 'CmdOrCtrl+3'],
    ['Exports', '#/exports', 'CmdOrCtrl+4'],
    ['Dashboard', '#/dashboard', 'CmdOrCtrl+5'],
  ]
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'New Job', accelerator: 'CmdOrCtrl+N', click: () => options.go('#/dispatch') },
        { label: 'Import from CSV…', click: () => options.go('#/dispatch/import') },
        { type: 'separator' },
        { label: 'Open Shared Folder', click: options.openSharedFolder },
        { label: 'Open Data Folder', click: options.openDataFolder },
        { type: 'separator' },
        { label: 'Settings', accelerator: 'CmdOrCtrl+,', click: () => options.go('#/settings') },
        ...(mac ? [] : [{ type: 'separator' as const }, { role: 'quit' as const }]),
      ],
    },
    { role: 'editMenu' },
    {
      label: '&Go',
      submenu: [
        ...screens.map(([label, hash, accelerator]): MenuItemConstructorOptions => ({
          label,
          accelerator,
          click: () => options.go(hash),
        })),
        { type: 'separator' },
        { label: 'Back', accelerator: mac ? 'Cmd+[' : 'Alt+Left', click: () => options.go('back') },
      ],
    },
    {
      label: '&View',
      // Electron's stock View menu carries Reload and Toggle Developer Tools: an installed app
      // keeps neither (DevTools would open the office's data to anyone at the keyboard).
      submenu: [
        ...(app.isPackaged
          ? []
          : [{ role: 'reload' as const }, { role: 'toggleDevTools' as const }, { type: 'separator' as const }]),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: `Closeout ${app.getVersion()}`, enabled: false },
        { label: 'Closeout on the web', click: () => void shell.openExternal('https://closeout.example/help') },
      ],
    },
  ]
  return Menu.buildFromTemplate(template)
}
