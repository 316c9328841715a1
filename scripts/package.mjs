#!/usr/bin/env node
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { ROOT } from './electron-binary.mjs'

/**
 * `npm run package [-- --win|--mac|--linux]`: builds the app and the installer for this OS
 * (NSIS on Windows, dmg on macOS) with electron-builder.yml. electron-builder downloads
 * Electron and rebuilds better-sqlite3 for Electron's ABI, so this needs the network.
 */
const run = (command, args) => {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' })
  if (result.status !== 0) {
    console.error(`\n${command} ${args.join(' ')} failed (exit ${result.status}).`)
    if (command.includes('electron-builder')) {
      console.error(
        'Packaging needs the internet: electron-builder downloads Electron and the Electron headers for better-sqlite3.',
      )
    }
    process.exit(result.status ?? 1)
  }
}

const platform =
  process.argv.slice(2).find((a) => ['--win', '--mac', '--linux'].includes(a)) ??
  { win32: '--win', darwin: '--mac' }[process.platform] ??
  '--linux'
run(process.execPath, [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'])
run(process.execPath, [
  join(ROOT, 'node_modules', 'electron-builder', 'cli.js'),
  platform,
  '--config',
  'electron-builder.yml',
  '--publish',
  'never',
])
