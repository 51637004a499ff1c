import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'
import VueI18nPlugin from '@intlify/unplugin-vue-i18n/vite'

const shared = resolve(__dirname, 'src/shared')

export default defineConfig({
  main: {
    resolve: { alias: { '@shared': shared } },
    build: { outDir: 'out/main' }
  },
  preload: {
    resolve: { alias: { '@shared': shared } },
    // A sandboxed preload can require only `electron`: bundle everything else into it.
    build: { outDir: 'out/preload', externalizeDeps: false }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    resolve: {
      alias: {
        '@renderer': resolve(__dirname, 'src/renderer/src'),
        '@shared': shared
      }
    },
    plugins: [
      // Every component is <script setup>: Vue's Options API support would be downloaded for nothing.
      vue({ features: { optionsAPI: false } }),
      // The catalogues are compiled to functions at build time: the page needs no message compiler,
      // so the strict CSP (no 'unsafe-eval') holds.
      VueI18nPlugin({
        include: [resolve(__dirname, 'src/shared/i18n/*.json')],
        runtimeOnly: true,
        // Every message arrives compiled, so the runtime's message compiler is dead weight.
        dropMessageCompiler: true,
        compositionOnly: true,
        fullInstall: false,
        strictMessage: false,
        escapeHtml: false
      })
    ],
    // Minified: the page parses and compiles less before the form is on screen (see bench/).
    build: { outDir: 'out/renderer', minify: 'esbuild' }
  }
})
