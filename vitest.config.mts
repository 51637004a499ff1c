import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

const alias = {
  '@shared': resolve(import.meta.dirname, 'src/shared'),
  '@renderer': resolve(import.meta.dirname, 'src/renderer/src')
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
          testTimeout: 20_000,
          hookTimeout: 20_000
        }
      },
      {
        plugins: [vue()],
        resolve: { alias },
        test: {
          name: 'dom',
          environment: 'happy-dom',
          include: ['src/renderer/**/*.test.ts'],
          setupFiles: ['src/renderer/src/testing/setup.ts'],
          testTimeout: 20_000
        }
      }
    ]
  }
})
