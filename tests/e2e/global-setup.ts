// Serves dist/ on a fixed loopback port for the end-to-end suite (E2E_PORT chooses another, so two
// checkouts can run their suites side by side).
import { preview } from 'vite';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

export const PORT = Number(process.env.E2E_PORT ?? 4319);

function e2eBuild(dist: string): boolean {
  const assets = join(dist, 'assets');
  return readdirSync(assets).some((f) => f.endsWith('.js') && readFileSync(join(assets, f), 'utf8').includes('__diaGioi'));
}

export default async function setup(project: TestProject) {
  const root = join(import.meta.dirname, '..', '..');
  if (!existsSync(join(root, 'dist', 'index.html'))) {
    throw new Error('dist/ is missing: run `vite build --mode e2e` before the end-to-end tests (npm run test:e2e does).');
  }
  // The tests read the engine through window.__diaGioi, which only the e2e build has (not `npm run build`).
  if (!e2eBuild(join(root, 'dist'))) {
    throw new Error('dist/ is a production build without the test hook: run `vite build --mode e2e` (npm run test:e2e does).');
  }
  const server = await preview({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port: PORT, strictPort: true, open: false },
  });
  project.provide('baseURL', `http://127.0.0.1:${PORT}/`);
  return async () => {
    await server.close();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}
