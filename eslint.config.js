// Lint rules; the `no-restricted-imports` blocks below enforce the layer direction of DESIGN.md §2:
// app -> ui -> editor -> core; map, persistence, io, workers, cli, server -> editor/core. Never back up.
// server/ (the province hub, Node) may also use io/; nothing else imports server/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const ui = { group: ['react', 'react-dom', 'react-dom/*', 'react/*'], message: 'Only ui/ and app/ use React.' };
const maplibre = { group: ['maplibre-gl', 'maplibre-gl/*'], message: 'Only map/ imports maplibre-gl.' };
const dexie = { group: ['dexie', 'dexie/*', 'dexie-*'], message: 'Only persistence/ imports dexie.' };
const up = (dirs) => ({
  group: dirs.flatMap((d) => [`**/${d}/*`, `**/${d}`]),
  message: `This layer may not import from ${dirs.join(', ')} (DESIGN.md §2).`,
});

const DOM_GLOBALS = [
  'window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'indexedDB', 'fetch', 'location',
  'HTMLElement', 'Element', 'Node', 'requestAnimationFrame', 'self', 'postMessage',
];

function restrict(patterns) {
  return { 'no-restricted-imports': ['error', { patterns }] };
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'geodata/**/*.geojson'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  // core: pure TypeScript; no DOM frameworks, map or database, and nothing above it.
  {
    files: ['src/core/**/*.ts'],
    rules: {
      ...restrict([ui, maplibre, dexie, up(['app', 'ui', 'editor', 'map', 'persistence', 'io', 'workers', 'cli', 'server'])]),
      // The core runs in Node (command line), a Web Worker and the page alike: no DOM, no browser APIs.
      'no-restricted-globals': ['error', ...DOM_GLOBALS.map((name) => ({ name, message: 'core/ is pure: no DOM or browser APIs.' }))],
    },
  },
  {
    files: ['src/editor/**/*.ts'],
    rules: restrict([ui, maplibre, dexie, up(['app', 'ui', 'map', 'persistence', 'io', 'workers', 'cli', 'server'])]),
  },
  {
    files: ['src/map/**/*.ts'],
    rules: restrict([ui, dexie, up(['app', 'ui', 'persistence', 'io', 'workers', 'cli', 'server'])]),
  },
  {
    files: ['src/persistence/**/*.ts'],
    rules: restrict([ui, maplibre, up(['app', 'ui', 'map', 'io', 'workers', 'cli', 'server'])]),
  },
  {
    files: ['src/io/**/*.ts', 'src/workers/**/*.ts', 'src/cli/**/*.ts'],
    rules: restrict([ui, maplibre, dexie, up(['app', 'ui', 'map', 'persistence', 'server'])]),
  },
  // server: the province hub runs in Node over core and io; no browser layer.
  {
    files: ['src/server/**/*.ts'],
    rules: restrict([ui, maplibre, dexie, up(['app', 'ui', 'map', 'persistence', 'workers'])]),
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    rules: restrict([maplibre, dexie, up(['app', 'map', 'persistence', 'server'])]),
  },
  // page.evaluate bodies run in the browser against the app's test hook, which has no static type here.
  { files: ['tests/e2e/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  {
    files: ['src/app/**/*.{ts,tsx}'],
    rules: restrict([maplibre, dexie, up(['server'])]),
  },
);
