import tseslint from 'typescript-eslint'
import importX from 'eslint-plugin-import-x'

/**
 * Lint enforces DESIGN.md's arrows: electron/, cli/, http/, lan/ -> core/ -> src-shared/;
 * src-renderer/ -> src-shared/ only; src-shared imports nothing of node, DOM or electron;
 * only src-main/electron/ imports 'electron'.
 */
const NODE_BUILTINS = [
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'events',
  'http',
  'net',
  'stream',
  'url',
  'util',
  'worker_threads',
]
/** Each area may not import the others of the list. */
const coreZones = (areas) =>
  areas.map((area) => ({
    target: `./src-main/core/${area}`,
    from: areas.filter((other) => other !== area).map((other) => `./src-main/core/${other}`),
    message: `core/${area} may not import another pipeline step's internals: share through core/lifecycle or core/receipts`,
  }))
const nodeBuiltins = (message) => NODE_BUILTINS.map((name) => ({ name, message }))

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'docs/**',
      'bin/**',
      '.tmp/**',
    ],
  },
  ...tseslint.configs.recommended,
  // CommonJS scripts (read by Playwright's config loader and plain Node alike) use require.
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs'] } },
      // Lets import-x read TypeScript files it follows (no-cycle needs their imports).
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts'] },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': ['error', { allow: ['error', 'warn'] }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './src-shared',
              from: './src-main',
              message: 'src-shared is pure: it may not import main-process code',
            },
            {
              target: './src-shared',
              from: './src-renderer',
              message: 'src-shared is pure: it may not import renderer code',
            },
            {
              target: './src-renderer',
              from: './src-main',
              message: 'the renderer talks to main only through the office API contract',
            },
            {
              target: './src-main/core',
              from: './src-main/electron',
              message: 'core is a plain Node library: it may not import the Electron shell',
            },
            { target: './src-main/core', from: './src-main/cli', message: 'core may not import the CLI' },
            { target: './src-main/core', from: './src-main/http', message: 'core may not import a transport' },
            { target: './src-main/core', from: './src-main/lan', message: 'core may not import the LAN server' },
            { target: './src-main/core', from: './src-renderer', message: 'core may not import renderer code' },
            { target: './src-main', from: './src-renderer', message: 'main may not import renderer code' },
            // Zones inside core (as VS Code lints its layers): the pipeline's steps share the
            // lifecycle (event log, status changes, rules) and receipts, never each other's internals.
            ...coreZones(['inbox', 'approvals', 'exports']),
            {
              target: './src-main/core/!(api)/**',
              from: './src-main/core/api/**',
              message: 'only core/api (and the hosts) use the API handlers; core areas call each other directly',
            },
            ...['lifecycle', 'receipts'].map((area) => ({
              target: `./src-main/core/${area}`,
              from: ['./src-main/core/inbox', './src-main/core/approvals', './src-main/core/exports'],
              message: `core/${area} sits below the pipeline's steps: it may not import inbox, approvals or exports`,
            })),
          ],
        },
      ],
    },
  },
  {
    // No import cycles in main: a cycle between core areas means one of them is in the wrong place.
    files: ['src-main/**/*.ts'],
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins('src-shared runs in the renderer and on the phone: no Node modules'),
          patterns: [
            { group: ['node:*'], message: 'src-shared runs in the renderer and on the phone: no Node modules' },
            {
              group: ['electron', 'react', 'react-dom', 'better-sqlite3', 'kysely', 'fastify'],
              message: 'src-shared is pure TypeScript',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', '__dirname', 'require'],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins('the renderer is a sandboxed web page: no Node modules'),
          patterns: [
            { group: ['node:*'], message: 'the renderer is a sandboxed web page: no Node modules' },
            {
              group: ['electron', 'better-sqlite3', 'kysely', 'fastify'],
              message: 'the renderer reaches main only through window.closeout or HTTP',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/**/*.ts', 'tests/**/*.ts', 'scripts/**/*.{ts,mjs}'],
    ignores: ['src-main/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: "only src-main/electron/ may import 'electron' (plain Node would try to download it)",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/cli/**/*.ts', 'scripts/**/*.{ts,mjs}', 'tests/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
)
