// npm run lint: Prettier's layout, then ESLint's rules for TypeScript and Svelte 5.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
  {
    ignores: [
      'build/',
      '.svelte-kit/',
      'node_modules/',
      'static/',
      'data/',
      'tests/fixtures/',
      'tests/output/',
      'bench/results/',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'], svelteConfig } },
  },
  {
    rules: {
      // Unused names are errors, except those marked unused on purpose with a leading _.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Hostile input: these expressions look for control characters on purpose (names, CSV cells, terminal output).
      'no-control-regex': 'off',
      // Chinese text is set with the ideographic space (U+3000) inside strings and templates.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipRegExps: true }],
      // TypeScript checks names (svelte-check); ESLint's own check does not know DOM types such as BlobPart.
      'no-undef': 'off',
      // Links are built with the app's base path and the view's query string by src/lib/views.ts and
      // src/lib/ui/url-state.ts (a static site: no route parameters for resolve() to fill).
      'svelte/no-navigation-without-resolve': 'off',
      // A Map or URL made inside a $derived and thrown away is not state; the rule cannot tell.
      'svelte/prefer-svelte-reactivity': 'off',
      // {' '} keeps a space between inline elements, where Svelte would trim a bare one at a block's edge.
      'svelte/no-useless-mustaches': 'off',
    },
  },
);
