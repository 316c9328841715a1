#!/usr/bin/env node
import { spawn, spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ELECTRON_VERSION, installedElectron, ROOT } from './electron-binary.mjs'

/**
 * `npm start`: the desktop app from this checkout. Node (tests, CLI) keeps the better-sqlite3
 * build in node_modules; Electron gets its own Electron-ABI copy in .electron-sqlite/, fetched
 * once with prebuild-install, and finds it through CLOSEOUT_SQLITE_BINDING. Both downloads
 * need the network once; offline, this says what is missing and how to get it.
 */
const CACHE = join(ROOT, '.electron-sqlite')
const BINDING = join(CACHE, 'build', 'Release', 'better_sqlite3.node')
const STAMP = join(CACHE, 'electron-version.txt')

function fail(lines) {
  console.error(lines.join('\n'))
  process.exit(1)
}

function ensureElectron() {
  const found = installedElectron()
  if (found) return found
  console.log(`Downloading Electron ${ELECTRON_VERSION} (once)…`)
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'electron', 'install.js')], {
    stdio: 'inherit',
  })
  const after = installedElectron()
  if (result.status === 0 && after) return after
  fail([
    '',
    `Closeout could not start: the Electron ${ELECTRON_VERSION} binary is not installed and could not be downloaded.`,
    'This computer seems to be offline (or GitHub is blocked). Connect to the internet and run `npm start` again,',
    'or set ELECTRON_OVERRIDE_DIST_PATH to a folder holding an Electron binary.',
    'Without the desktop shell the office still runs in a browser: npm run serve -- --demo',
  ])
}

function ensureSqliteBinding() {
  const stamp = existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : ''
  if (existsSync(BINDING) && stamp === `${ELECTRON_VERSION} ${process.platform} ${process.arch}`) return BINDING
  mkdirSync(CACHE, { recursive: true })
  // prebuild-install reads the package name, version and download host from package.json.
  copyFileSync(join(ROOT, 'node_modules', 'better-sqlite3', 'package.json'), join(CACHE, 'package.json'))
  console.log(`Fetching better-sqlite3 for Electron ${ELECTRON_VERSION} (${process.platform}-${process.arch}, once)…`)
  const result = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'prebuild-install', 'bin.js'),
      '--runtime',
      'electron',
      '--target',
      ELECTRON_VERSION,
      '--arch',
      process.arch,
      '--platform',
      process.platform,
      '--verbose',
    ],
    { cwd: CACHE, stdio: 'inherit' },
  )
  if (result.status !== 0 || !existsSync(BINDING)) {
    fail([
      '',
      `Closeout could not start: no better-sqlite3 build for Electron ${ELECTRON_VERSION} could be downloaded into .electron-sqlite/.`,
      'This needs the internet once (it comes from the better-sqlite3 releases on GitHub). Connect and run `npm start` again.',
      'Do not run electron-rebuild offline: it reports success but builds for Node, and Electron then refuses the module.',
      'Without the desktop shell the office still runs in a browser: npm run serve -- --demo',
    ])
  }
  writeFileSync(STAMP, `${ELECTRON_VERSION} ${process.platform} ${process.arch}\n`)
  return BINDING
}

const electron = ensureElectron()
const binding = ensureSqliteBinding()
const child = spawn(electron, [ROOT, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, CLOSEOUT_SQLITE_BINDING: binding },
})
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)))
