import { defineConfig } from 'vitest/config';

// End-to-end tests: real headless Chromium (Debian package) driven by playwright-core against the
// production build served by `vite preview` on loopback. Run after `vite build`.
//
// The limits are sized for a loaded 2-core machine, where one app load and full check can take tens of
// seconds: no test waits a fixed time, so generous limits cost nothing when the machine is idle.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    // Every test opens its own profile and the app, some two or three times (reload, restart).
    testTimeout: 300_000,
    hookTimeout: 180_000,
    // expect.poll defaults to 1 s, far too short for anything that runs a check or touches IndexedDB.
    expect: { poll: { timeout: 90_000, interval: 100 } },
    fileParallelism: false,
    pool: 'forks',
  },
});
