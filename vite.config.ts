/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { serviceWorker } from './scripts/vite-service-worker.ts';
import { contentSecurityPolicy, contentSecurityPolicyMeta } from './scripts/content-security-policy.ts';

export default defineConfig({
  plugins: [
    react(),
    // Offline app: dist/sw.js precaches the app shell, the workers and the bundled data, so after the
    // first visit the app (and the drafts in IndexedDB) opens with no network at all.
    serviceWorker('src/workers/service-worker.ts'),
    // No inline script, no eval, nothing fetched from elsewhere: scripts/content-security-policy.ts.
    contentSecurityPolicyMeta(),
  ],
  // The same policy as a header (which can also forbid framing) when the build is served by `vite preview`.
  preview: { headers: { 'Content-Security-Policy': contentSecurityPolicy({}, 'header') } },
  base: './',
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  worker: { format: 'es' },
  test: {
    setupFiles: ['fake-indexeddb/auto'],
    // Generous: whole-province tests take 55-142 s at load 20-30 on 2 cores; nothing waits a fixed time,
    // so a long limit costs nothing on a quiet machine.
    testTimeout: 300_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/**/*.test.ts'], exclude: ['tests/e2e/**', 'tests/server/**', 'node_modules/**'] } },
      // The hub's tests run against a real PostgreSQL: DATABASE_URL's server, else a throwaway cluster
      // the global setup starts (only when one of these files runs) and stops; each file gets its own
      // database (tests/server/db.ts).
      {
        extends: true,
        test: { name: 'server', include: ['tests/server/**/*.test.ts'], globalSetup: ['tests/server/global-setup.ts'], hookTimeout: 180_000 },
      },
    ],
  },
});
