/// <reference types="vitest" />
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath, URL } from 'node:url'
import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'

// The service worker (src/sw.js) caches every file of the build for offline use: it is written
// with the build, carrying the list of the build's hashed files and a build id.
function serviceWorker(): Plugin {
  return {
    name: 'xingfuli-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((f) => !f.endsWith('.map')).sort()
      const build = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 16)
      const source = readFileSync(new URL('./src/sw.js', import.meta.url), 'utf8')
        .replace('self.__PRECACHE_FILES__', JSON.stringify(files))
        .replace('self.__BUILD__', JSON.stringify(build))
      this.emitFile({ type: 'asset', fileName: 'sw.js', source })
    },
  }
}

export default defineConfig({
  plugins: [vue(), serviceWorker()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1100,
    rollupOptions: {
      output: {
        // Vue and its router and messages change least: one long-cached chunk. Element Plus is
        // left to Rollup, so each screen's chunk carries only the components it uses.
        manualChunks(id) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts'
          if (/node_modules\/(@vue|vue|vue-router|vue-i18n|@intlify)\//.test(id)) return 'vue'
          return undefined
        },
      },
    },
  },
  // `npm run dev` against a server on this machine.
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  test: {
    environment: 'jsdom',
    include: ['tests/unit/**/*.test.ts'],
  },
})
