// Serves dist/ on a fixed loopback port for the end-to-end suite (E2E_PORT chooses another, so two
// checkouts can run their suites side by side).
import { preview } from 'vite';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

export const PORT = Number(process.env.E2E_PORT ?? 4319);

export default async function setup(project: TestProject) {
  const root = join(import.meta.dirname, '..', '..');
  if (!existsSync(join(root, 'dist', 'index.html'))) {
    throw new Error('dist/ is missing: run `vite build` before the end-to-end tests (npm run test:e2e does).');
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
