import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export interface FormAssets {
  /** The form's index.html, or null when the form has not been built. */
  indexHtml: string | null
  /** Asset file name -> absolute path: only files the form itself loads. */
  assets: Map<string, string>
}

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  woff2: 'font/woff2',
  ico: 'image/x-icon',
  webmanifest: 'application/manifest+json',
}

export function contentTypeOf(name: string): string {
  return TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream'
}

/**
 * The built form lives in `<rendererOut>/techform/index.html` with its files in the shared
 * `<rendererOut>/assets/` (one Vite build makes the office UI and the form). The LAN serves
 * only what the form reaches, followed from index.html through every file that names another,
 * so the office UI's code is never on the LAN.
 */
export function loadFormAssets(rendererOut: string): FormAssets {
  const indexPath = join(rendererOut, 'techform', 'index.html')
  const assetsDir = join(rendererOut, 'assets')
  if (!existsSync(indexPath)) return { indexHtml: null, assets: new Map() }
  const html = readFileSync(indexPath, 'utf8')
  // Plain files only: a symlink planted in the build folder must not serve a file from elsewhere.
  const available = existsSync(assetsDir)
    ? readdirSync(assetsDir).filter((name) => lstatSync(join(assetsDir, name)).isFile())
    : []
  const reached = new Map<string, string>()
  const queue = [html]
  while (queue.length > 0) {
    const text = queue.pop() ?? ''
    for (const name of available) {
      if (reached.has(name) || !text.includes(name)) continue
      const path = join(assetsDir, name)
      reached.set(name, path)
      if (/\.(js|css|html|webmanifest)$/.test(name)) queue.push(readFileSync(path, 'utf8'))
    }
  }
  // The page is served at "/", so its "../assets/x" references become "/assets/x".
  return { indexHtml: html.replaceAll('../assets/', '/assets/'), assets: reached }
}

/** An asset's bytes, or null when it is gone or no longer a plain file (swapped for a symlink). */
export function readAsset(path: string): Buffer | null {
  try {
    return lstatSync(path).isFile() ? readFileSync(path) : null
  } catch {
    return null
  }
}
