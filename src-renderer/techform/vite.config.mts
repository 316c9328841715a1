import { resolve } from 'node:path'
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

/**
 * Builds the technician form alone (`npx vite build -c src-renderer/techform/vite.config.mts`)
 * into .tmp/techform-build/ with the same layout as `npm run build`'s out/renderer/, for quick
 * iterations and the size budget check. The shipped build comes from electron.vite.config.ts.
 */
const root = resolve(import.meta.dirname, '..')
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(root, '..', '.tmp', 'techform-build'),
    emptyOutDir: true,
    rollupOptions: { input: { techform: resolve(root, 'techform', 'index.html') } },
  },
})
