// Lint guards the architecture. The layers, bottom to top:
// math → io, data, experiment → models → platform → train → workers → ui.
// A module imports only from its own layer and the layers below it; pure layers never import React,
// the DOM or (math, io) tfjs; ui imports tfjs types only; production code never imports test/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const uiLibs = { group: ['react', 'react-dom', 'react-dom/*', 'recharts'], message: 'Only src/ui may import UI libraries.' };
const noTf = { group: ['@tensorflow/*'], message: 'src/math and src/io are pure: no tfjs.' };

/** Import patterns forbidding the given src/ directories (layers above, or beside and unneeded). */
function above(dirs, layer) {
  return {
    group: dirs.flatMap((d) => [`**/${d}/**`, `../${d}/*`, `./${d}/*`, `../../${d}/*`]),
    message: `src/${layer} must not import from ${dirs.map((d) => `src/${d}`).join(', ')} (layering: eslint.config.js).`,
  };
}

/** The browser globals a layer must not touch (also through globalThis.x). */
function noGlobals(names) {
  return {
    'no-restricted-globals': ['error', ...names],
    'no-restricted-properties': ['error', ...names.map((property) => ({ object: 'globalThis', property }))],
  };
}

const DOM = ['window', 'document', 'localStorage', 'HTMLElement'];
const DOM_AND_HOST = [...DOM, 'navigator', 'self'];

/**
 * Lint blocks of one layer: `patterns` for every file of it; `upward` for its production files only
 * (tests may reach up, e.g. a train test driving the worker handler).
 */
function layer(name, { patterns, upward, globalNames, extra = {} }) {
  const files = [`src/${name}/**/*.{ts,tsx}`];
  return [
    { files, ...extra, rules: { 'no-restricted-imports': ['error', { patterns }], ...noGlobals(globalNames) } },
    {
      files,
      ignores: ['**/*.test.ts'],
      rules: { 'no-restricted-imports': ['error', { patterns: [...patterns, above(upward, name)] }] },
    },
  ];
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'public/**', 'scripts/ref/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Test-only helpers live in test/ (test/support/); the app must never bundle them. A separate rule
    // (not no-restricted-imports) so the per-layer import lists below do not override it.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...['ImportDeclaration', 'ImportExpression', 'ExportAllDeclaration', 'ExportNamedDeclaration'].map((node) => ({
          selector: `${node}[source.value=/(^|\\/)test\\//]`,
          message: 'Production code must not import test-only modules (test/).',
        })),
      ],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}', 'src/main.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      // tfjs runs in the workers: a runtime import would put it on the main thread (types are free).
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@tensorflow/*'], allowTypeImports: true, message: 'src/ui imports tfjs types only; tfjs runs in the workers.' }] },
      ],
    },
  },
  ...layer('math', {
    patterns: [uiLibs, noTf],
    upward: ['io', 'data', 'experiment', 'models', 'train', 'platform', 'workers', 'ui'],
    globalNames: DOM_AND_HOST,
    extra: { languageOptions: { globals: { ...globals.es2022 } } },
  }),
  ...layer('io', {
    patterns: [uiLibs, noTf],
    upward: ['data', 'experiment', 'models', 'train', 'platform', 'workers', 'ui'],
    globalNames: DOM_AND_HOST,
    extra: { languageOptions: { globals: { ...globals.es2022 } } },
  }),
  ...layer('data', { patterns: [uiLibs], upward: ['models', 'train', 'platform', 'workers', 'ui'], globalNames: DOM_AND_HOST }),
  ...layer('experiment', { patterns: [uiLibs], upward: ['models', 'platform', 'workers', 'ui'], globalNames: DOM }),
  ...layer('models', { patterns: [uiLibs], upward: ['train', 'platform', 'workers', 'ui'], globalNames: DOM }),
  ...layer('train', { patterns: [uiLibs], upward: ['workers', 'ui'], globalNames: DOM_AND_HOST }),
  ...layer('platform', { patterns: [uiLibs], upward: ['data', 'experiment', 'train', 'workers', 'ui'], globalNames: [] }),
  ...layer('workers', { patterns: [uiLibs], upward: ['ui'], globalNames: [] }),
);
