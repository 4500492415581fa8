/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { serviceWorker } from './scripts/vite-service-worker.ts';

export default defineConfig({
  plugins: [
    react(),
    // Offline app: dist/sw.js precaches the app shell, the workers and the bundled data, so after the
    // first visit the app (and the drafts in IndexedDB) opens with no network at all.
    serviceWorker('src/workers/service-worker.ts'),
  ],
  base: './',
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  worker: { format: 'es' },
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    setupFiles: ['fake-indexeddb/auto'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
