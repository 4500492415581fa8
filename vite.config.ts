/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig({
  plugins: [
    react(),
    // Offline app: the service worker precaches the app shell, the workers and the bundled data, so after
    // the first visit the app (and the drafts in IndexedDB) opens with no network at all.
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: 'script',
      manifest: {
        name: 'Địa giới — ranh giới hành chính cấp xã',
        short_name: 'Địa giới',
        lang: 'vi',
        start_url: '.',
        display: 'standalone',
        background_color: '#0f3d5e',
        theme_color: '#0f3d5e',
        icons: [],
      },
      workbox: {
        globPatterns: ['**/*.{js,mjs,css,html,geojson,json,webmanifest}'],
        // The bundled province (2 MB) and the map library must be precached too.
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        navigateFallback: 'index.html',
      },
    }),
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
