import { defineConfig } from 'vitest/config';

// End-to-end tests: real headless Chromium (Debian package) driven by playwright-core against the
// production build served by `vite preview` on loopback. Run after `vite build`.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
