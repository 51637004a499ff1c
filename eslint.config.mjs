import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import vueParser from 'vue-eslint-parser'
import prettier from 'eslint-config-prettier'
import globals from 'globals'

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.screenshots/**',
      '.stryker/**',
      '.test-reports/**'
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: {
      parser: vueParser,
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' }
    }
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/explicit-module-boundary-types': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      'vue/multi-word-component-names': 'off'
    }
  },
  {
    files: ['src/renderer/**/*'],
    languageOptions: { globals: { ...globals.browser } }
  },
  {
    // Only the bootstrap and the IPC registration may import electron: everything else must run in plain Node.
    files: ['src/**/*.ts', 'src/**/*.vue'],
    ignores: ['src/main/index.ts', 'src/preload/index.ts', 'src/main/**/*.test.ts'],
    rules: {
      // Type-only imports vanish at build time; a value import would load Electron in plain Node.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              allowTypeImports: true,
              message:
                'Only src/main/index.ts and src/preload/index.ts may import electron (type imports are fine).'
            }
          ]
        }
      ]
    }
  },
  {
    // Test support and the e2e tools serve tests only: no product file may import them.
    files: ['src/**/*.ts', 'src/**/*.vue'],
    ignores: ['src/**/*.test.ts', 'src/main/testing/**', 'src/renderer/src/testing/**', 'src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/testing', '**/testing/*'], message: 'Test support is for tests only.' },
            { group: ['**/e2e/*', '**/e2e'], message: 'The e2e tools are for tests only.' }
          ]
        }
      ]
    }
  },
  {
    files: ['src/shared/**/*.ts'],
    ignores: ['src/shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'keytar', 'vue', 'pinia'],
          patterns: ['node:*', '../main/*', '../renderer/*', '../preload/*', '**/testing/*', '**/e2e/*']
        }
      ]
    }
  },
  {
    files: ['scripts/**/*', 'e2e/**/*', 'bench/**/*'],
    rules: { 'no-console': 'off' }
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' }
  },
  prettier
)
