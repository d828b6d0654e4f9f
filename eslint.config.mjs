// ESLint flat config: TypeScript everywhere, Lit and web-component rules for the elements.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', 'docs/api/**', '.teleecho/**', '.tools/**', '.tmp/**', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['packages/elements/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['packages/elements/**/*.ts'],
    ...wc.configs['flat/recommended'],
  },
  // Import boundaries: the SDK knows neither the elements nor the hub; the elements never import the hub (test
  // support excepted: it starts a real hub).
  {
    files: ['packages/sdk/src/**/*.ts', 'packages/elements/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.bench.ts', '**/internal/test-*.ts', '**/testing/**', '**/bench-page.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@teleecho/hub', '@teleecho/hub/*'],
              message: 'The SDK and the elements talk to the hub over HTTP only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/sdk/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.bench.ts', '**/internal/test-*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@teleecho/hub', '@teleecho/hub/*'], message: 'The SDK talks to the hub over HTTP only.' },
            {
              group: ['@teleecho/elements', '@teleecho/elements/*'],
              message: 'The elements build on the SDK, not the reverse.',
            },
          ],
        },
      ],
    },
  },
  // The hub's domain knows nothing of HTTP: it throws DomainError, and http/ maps codes to statuses.
  {
    files: ['packages/hub/src/domain/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../http/*', '**/http/*'], message: 'Domain code may not import the HTTP layer.' }] },
      ],
    },
  },
  // Storage is below the features that use it: LTI, routes and the CLI import storage, never the reverse.
  {
    files: ['packages/hub/src/storage/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../lti/*', '../../lti/*', '**/lti/*', '../routes/*', '../../routes/*', '**/routes/*'],
              message: 'Storage may not import LTI or route code: keep the types it needs in storage/ or domain/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.bench.ts', 'scripts/**', '**/testing/**', 'packages/test-kit/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
