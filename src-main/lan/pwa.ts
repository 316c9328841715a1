import { createHash } from 'node:crypto'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { FormAssets } from './form-assets'
import { readAsset } from './form-assets'
import { sendError } from './replies'

/** The icons the phone shows on its home screen; made from resources/icons/icon.svg. */
const ICONS = { 'icon-192.png': 'pwa-192.png', 'icon-512.png': 'pwa-512.png' } as const

export const MANIFEST = {
  name: 'Closeout · Technician',
  short_name: 'Closeout',
  description: 'Close out your jobs from the phone, with or without signal.',
  id: '/',
  start_url: '/',
  scope: '/',
  display: 'standalone',
  orientation: 'portrait',
  background_color: '#f6f8f7',
  theme_color: '#0b6e55',
  icons: [
    { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
  ],
}

/**
 * The service worker: it keeps the form's own files (the page, its scripts and styles, the
 * manifest and icons) so a reload in a basement still opens the form. Pages are network-first
 * (an office update reaches a phone that is online) with a short wait before the kept copy;
 * hashed assets are cache-first. /api/ is never touched: the form keeps its data in IndexedDB
 * and the send queue decides what waits. The cache name carries a hash of the file list, so a
 * new build replaces the old copy and deletes it.
 */
export function serviceWorkerScript(files: string[]): string {
  const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 16)
  return `'use strict'
const CACHE = 'closeout-shell-${version}'
const SHELL = ${JSON.stringify(files)}
self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()))
})
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('closeout-shell-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  )
})
function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('slow network')), ms)
    promise.then((v) => { clearTimeout(t); resolve(v) }, (e) => { clearTimeout(t); reject(e) })
  })
}
self.addEventListener('fetch', (event) => {
  const req = event.request
  if (req.method !== 'GET') return
  const url = new URL(req.url)
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return
  if (req.mode === 'navigate') {
    event.respondWith(
      withTimeout(fetch(req), 4000)
        .then((res) => {
          if (res.ok) { const copy = res.clone(); caches.open(CACHE).then((c) => c.put('/', copy)) }
          return res
        })
        .catch(() => caches.match('/').then((hit) => hit || Response.error())),
    )
    return
  }
  event.respondWith(caches.match(req).then((hit) => hit || fetch(req)))
})
`
}

/** `/sw.js`, `/manifest.webmanifest` and `/icons/*`: what makes the form an installable app. */
export function registerPwaRoutes(app: FastifyInstance, form: FormAssets, iconsDir: string): void {
  const shell = [
    '/',
    '/manifest.webmanifest',
    ...Object.keys(ICONS).map((n) => `/icons/${n}`),
    ...[...form.assets.keys()].map((n) => `/assets/${n}`),
  ]
  const script = serviceWorkerScript(shell)
  app.get('/sw.js', async (_req, reply) => {
    if (form.indexHtml === null) return sendError(reply, 404, 'not-found', 'Not found')
    // The whole origin is its scope; no-store (set for every answer) lets an office update reach phones.
    return reply.type('text/javascript; charset=utf-8').send(script)
  })
  app.get('/manifest.webmanifest', async (_req, reply) =>
    reply.type('application/manifest+json').send(JSON.stringify(MANIFEST)),
  )
  app.get<{ Params: { name: string } }>('/icons/:name', async (req, reply) => {
    const file = ICONS[req.params.name as keyof typeof ICONS] as string | undefined
    const bytes = file ? readAsset(join(iconsDir, file)) : null
    if (!bytes) return sendError(reply, 404, 'not-found', 'Not found')
    reply.header('cache-control', 'public, max-age=86400')
    return reply.type('image/png').send(bytes)
  })
}
