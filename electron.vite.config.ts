import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

/**
 * Three targets from one config: the Electron main process and preload (from
 * src-main/electron), and the renderer pages (office UI, technician form) from src-renderer.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      lib: { entry: resolve(__dirname, 'src-main/electron/main.ts') },
      rollupOptions: { output: { entryFileNames: 'index.js' } },
      // chokidar 5 is ESM-only: bundle it into the CJS main instead of require()-ing it.
      externalizeDeps: { exclude: ['chokidar'] },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      lib: { entry: resolve(__dirname, 'src-main/electron/preload.ts') },
      // A sandboxed preload cannot require() packages: bundle everything it uses.
      externalizeDeps: false,
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      // The office UI loads from disk or 127.0.0.1, never over the internet: one ~1 MB bundle is fine.
      // The phone form has its own budget (150 KB gzipped): `npm run bench -- techform-size`.
      chunkSizeWarningLimit: 1500,
      emptyOutDir: true,
      // electron-vite leaves renderer code unminified; the phone form's 150 KB gzip budget (issue #5) needs it.
      minify: true,
      rollupOptions: {
        input: {
          office: resolve(__dirname, 'src-renderer/office/index.html'),
          // The technician form, served on the LAN by src-main/lan (only the files it reaches).
          techform: resolve(__dirname, 'src-renderer/techform/index.html'),
        },
      },
    },
  },
})
