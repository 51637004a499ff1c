import { resolve } from 'node:path'
import type { Plugin } from 'vite'
import { configDefaults, defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import { catalogueParts } from './scripts/catalogue-parts'

const alias = {
  '@shared': resolve(import.meta.dirname, 'src/shared'),
  '@renderer': resolve(import.meta.dirname, 'src/renderer/src')
}

// Mutation testing (stryker.config.mjs sets HOSTUP_MUTATION) runs main's own tests, less the kill -9
// soak and the packaging checks: the renderer's reach main through its handlers and time the page,
// which instrumented code slows, and the soak would run for every mutant of the stores.
const mutation = process.env.HOSTUP_MUTATION === '1'

// electron-vite's `?modulePath` import (src/main/index.ts: the reading worker) is the built file's
// path; run from source, it is the source file's, which src/main/import/reader.ts starts through tsx.
const modulePath: Plugin = {
  name: 'hostup:module-path',
  enforce: 'pre',
  load(id) {
    if (!id.endsWith('?modulePath')) return null
    return `export default ${JSON.stringify(id.slice(0, -'?modulePath'.length))}`
  }
}

// Stryker runs the tests in worker threads (its own `pool: 'threads'`), where keytar's libsecret
// calls never return (a profile deleted waits for ever): under mutation, main's tests keep forks.
const forks = {
  name: 'hostup:forks-under-mutation',
  configureVitest({ project }: { project: { config: { pool: string } } }) {
    project.config.pool = 'forks'
  }
} as Plugin

const dom = {
  plugins: [vue(), catalogueParts()],
  resolve: { alias },
  test: {
    name: 'dom',
    environment: 'happy-dom',
    include: ['src/renderer/**/*.test.ts'],
    setupFiles: ['src/renderer/src/testing/setup.ts'],
    testTimeout: 20_000
  }
}

export default defineConfig({
  test: {
    // `npm run coverage` (needs @vitest/coverage-v8): every file of main, preload and shared, run or not.
    coverage: {
      provider: 'v8',
      include: ['src/main/**/*.ts', 'src/preload/**/*.ts', 'src/shared/**/*.ts'],
      exclude: ['**/*.test.ts', 'src/main/testing/**'],
      reporter: ['text', 'html'],
      reportsDirectory: 'coverage'
    },
    projects: [
      {
        plugins: [modulePath, ...(mutation ? [forks] : [])],
        resolve: { alias },
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'src/shared/**/*.test.ts',
            'src/main/**/*.test.ts',
            'src/preload/**/*.test.ts',
            'e2e/sandbox/**/*.test.ts',
            'scripts/**/*.test.ts'
          ],
          exclude: [
            ...configDefaults.exclude,
            ...(mutation
              ? [
                  'src/main/store/crash.test.ts',
                  'src/main/outbox/crash.test.ts',
                  'scripts/**',
                  'src/main/bootstrap.test.ts'
                ]
              : [])
          ],
          testTimeout: 20_000,
          hookTimeout: 20_000
        }
      },
      ...(mutation ? [] : [dom])
    ]
  }
})
