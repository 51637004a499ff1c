import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import VueI18nPlugin from '@intlify/unplugin-vue-i18n/vite'
import { catalogueParts } from './scripts/catalogue-parts'

const shared = resolve(__dirname, 'src/shared')

/**
 * vue-i18n reads `Vue[key]` off `import * as Vue from 'vue'` (to find `currentInstance` where a Vue
 * exports it; 3.5 does not, so it always calls `getCurrentInstance()`). A computed member of the
 * namespace keeps every export of Vue in the bundle, used or not: some 16 KB gzip of the first view.
 * This turns it into the call it makes. Should vue-i18n change that code, the build stops here
 * rather than quietly carrying the whole of Vue again.
 */
function vueI18nTreeShaking(): Plugin {
  const lookup =
    /function getCurrentInstance\(\) \{\s*\/\/[^\n]*\n\s*const key = 'currentInstance';\s*if \(key in Vue\) \{\s*return Vue\[key\];\s*\}\s*else \{\s*return Vue\.getCurrentInstance\(\);\s*\}\s*\}/
  return {
    name: 'hostup:vue-i18n-tree-shaking',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]node_modules[\\/]vue-i18n[\\/]dist[\\/]/.test(id) || !code.includes('* as Vue from'))
        return null
      if (!lookup.test(code)) {
        throw new Error(`${id}: vue-i18n no longer reads Vue[key] the known way; revisit vueI18nTreeShaking`)
      }
      return {
        code: code.replace(lookup, 'function getCurrentInstance() { return Vue.getCurrentInstance(); }'),
        map: null
      }
    }
  }
}

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
      vueI18nTreeShaking(),
      // Each catalogue in two chunks: what the first view shows, and the rest (src/shared/i18n/parts.ts).
      catalogueParts(),
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
