// Lint: typescript-eslint recommended rules plus the layering rules of docs/architecture.md.
// Each layer may import only the layers below it; the table lives in LAYERS.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'worker_threads',
  'crypto',
  'zlib',
  'http',
  'net',
  'url',
  'stream',
];
// Bare module names ('electron', 'fs') are matched exactly; path patterns ('**/main/**') as globs.
const restrict = (names, message) => {
  const bare = names.filter((n) => !n.includes('/') && !n.includes('*'));
  const globs = names.filter((n) => n.includes('/') || n.includes('*'));
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: bare.map((name) => ({ name, message })),
        patterns: globs.map((group) => ({ group: [group], message })),
      },
    ],
  };
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'native/build/**',
      '.bench/**',
      '.peek*',
    ],
  },
  // Scripts and launchers run in Node.
  {
    files: ['**/*.mjs', '**/*.cjs', 'scripts/**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        performance: 'readonly',
      },
    },
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  // common: imports nothing outside electron/common.
  {
    files: ['electron/common/**/*.ts'],
    rules: restrict(
      ['electron', '**/core/**', '**/main/**', '**/server/**', '**/renderer/**', ...nodeBuiltins],
      'electron/common imports nothing but itself',
    ),
  },
  // core: common only; node:* only in *.node.ts adapters.
  {
    files: ['electron/core/**/*.ts'],
    ignores: ['electron/core/**/*.node.ts'],
    rules: restrict(
      [
        'electron',
        '**/main/**',
        '**/server/**',
        '**/services/**',
        '**/cli/**',
        '**/renderer/**',
        ...nodeBuiltins,
      ],
      'electron/core is portable: common only (node:* in *.node.ts adapters)',
    ),
  },
  {
    files: ['electron/core/**/*.node.ts'],
    rules: restrict(
      ['electron', '**/main/**', '**/server/**', '**/services/**', '**/cli/**', '**/renderer/**'],
      'core adapters may use node:* but no app layers',
    ),
  },
  // services: the objects both transports call. No electron.
  {
    files: ['electron/services/**/*.ts'],
    rules: restrict(
      ['electron', '**/main/**', '**/server/**', '**/cli/**', '**/renderer/**'],
      'services are transport-free: no electron, no main/server',
    ),
  },
  // server (web mode): never electron.
  {
    files: ['electron/server/**/*.ts'],
    rules: restrict(['electron', '**/main/**', '**/renderer/**'], 'web mode never imports electron or main'),
  },
  // cli: common + core (+ services), never electron.
  {
    files: ['electron/cli/**/*.ts'],
    rules: restrict(
      ['electron', '**/main/**', '**/server/**', '**/renderer/**'],
      'the CLI runs without electron',
    ),
  },
  // main: never the renderer.
  {
    files: ['electron/main/**/*.ts'],
    rules: restrict(['**/renderer/**'], 'main never imports the renderer'),
  },
  // preload: only electron's ipcRenderer/contextBridge and common.
  {
    files: ['electron/preload/**/*.ts'],
    rules: restrict(
      ['**/core/**', '**/main/**', '**/server/**', '**/services/**', '**/renderer/**', ...nodeBuiltins],
      'preload: electron + common only',
    ),
  },
  // renderer: DOM + common types; never electron, node or core.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...restrict(
        [
          'electron',
          '**/electron/core/**',
          '**/electron/main/**',
          '**/electron/server/**',
          '**/electron/services/**',
          '**/electron/cli/**',
          ...nodeBuiltins,
        ],
        'the renderer reaches the app only through window.etw / the contract',
      ),
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
);
