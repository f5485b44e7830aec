import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test-results/**', '.dependency-cruiser.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The domain is pure: no I/O, no framework, no storage.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'net', 'http', 'https', 'child_process'], message: 'The domain does no I/O.' },
          { group: ['pg', '@electric-sql/*', 'fastify', '@fastify/*', 'zod'], message: 'The domain does not know the framework or the database.' },
          { group: ['**/storage/**', '**/http/**', '**/catalog/**', '**/platform/**'], message: 'The domain imports nothing from the layers around it.' },
        ],
      }],
    },
  },
  {
    // Only the composition (app.ts, cli.ts, http/) knows the HTTP layer: what every capability
    // shares (OpenAPI helpers, problem+json, the input guard) lives in platform/.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/domain/**', 'src/http/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '^(\\.\\./)+http/', message: 'Shared pieces live in platform/; only the composition imports http/.' }],
      }],
    },
  },
  {
    // A web component file stays small enough to read at once (issue 18 §4): split it before it grows past this.
    files: ['web/src/**/*.tsx'],
    rules: { 'max-lines': ['error', { max: 300 }] },
  },
  {
    // Hooks called in the same order on every render, with the dependencies they read.
    files: ['web/src/**/*.ts', 'web/src/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
);
