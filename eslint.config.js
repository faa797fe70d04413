// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'out/**', 'node_modules/**', 'examples/sse/public/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The library proper: only rxjs, axios, pino (types) and @opentelemetry/api at runtime.
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**', 'src/testing/**', 'src/emulator/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@opentelemetry/sdk-*', '@opentelemetry/exporter-*', '@opentelemetry/context-*'],
              message: 'The library depends on @opentelemetry/api only.',
            },
            { group: ['commander', 'cli-progress', 'openai'], message: 'CLI/dev-only package.' },
          ],
        },
      ],
    },
  },
  {
    // The emulator imports only Node and its own files.
    files: ['src/emulator/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../*', '!../emulator/*'], message: 'The emulator is standalone.' },
            { group: ['rxjs', 'axios', 'pino', '@opentelemetry/*'] },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'examples/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
