// assembly/ is AssemblyScript (function decorators), compiled by asc, not TypeScript: not linted.
// Lint guards the architecture: pure layers (math, io, data, train, experiment) never import
// React, the DOM wrappers or (for math/io) tfjs. See ../shared/docs/STYLE.md habit 2.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const noUi = {
  patterns: [
    { group: ['react', 'react-dom', 'react-dom/*', 'recharts'], message: 'Pure modules must not import UI libraries.' },
    { group: ['**/ui/**', '../ui/*', './ui/*'], message: 'Pure modules must not import from src/ui.' },
  ],
};
const noTf = { group: ['@tensorflow/*'], message: 'src/math and src/io are pure: no tfjs.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'public/**', 'scripts/ref/**', 'assembly/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}', 'src/main.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    files: ['src/math/**/*.ts', 'src/io/**/*.ts'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-imports': ['error', { patterns: [...noUi.patterns, noTf] }],
      // No DOM in pure modules: forbid the browser globals outright.
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'HTMLElement', 'self'],
    },
  },
  {
    files: ['src/data/**/*.ts', 'src/train/**/*.ts', 'src/experiment/**/*.ts', 'src/models/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', noUi],
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage', 'HTMLElement'],
    },
  },
);
