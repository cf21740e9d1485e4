import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', 'docs/api/**', '**/dist-binary/**', '**/.stryker-tmp/**', '**/.tsbuild/**', '**/.turbo/**', '**/test-results/**', '**/playwright-report/**', 'reports/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', Buffer: 'readonly', URL: 'readonly', fetch: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Read the injectable clock (src/clock.ts) instead of Date.now() in the mock server.',
        },
        {
          // zod's `z` object holds all of zod (every locale, JSON-schema conversion): a bundle must keep all of it, and
          // the CLI bundle's start-up pays for parsing it. With `import * as z`, esbuild keeps only what is used.
          selector: "ImportDeclaration[source.value='zod'] > :matches(ImportSpecifier[imported.name='z'], ImportDefaultSpecifier)",
          message: "Use `import * as z from 'zod'` (the CLI bundle then keeps only the parts of zod it uses).",
        },
      ],
    },
  },
  {
    // Only the mock server's own code must go through the clock; tests, tools and the clock module itself may read the wall clock.
    files: ['packages/mock-server/src/clock.ts', '**/test/**', '**/*.test.ts', 'packages/*/bench/**', 'packages/conformance/**', 'packages/testing/**', 'apps/**', 'scripts/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
