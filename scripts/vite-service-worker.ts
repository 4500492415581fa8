// Vite plugin: builds src/workers/service-worker.ts into dist/sw.js with the list of every file of the
// build to precache and a version hash of their contents (a new build gets a new cache).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Plugin } from 'vite';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/**
 * Files of the build the worker precaches: all but itself, source maps, the national province files
 * (public/data/provinces/*.bin, about 20 MB: a user downloads only the provinces they choose, issue 11)
 * and the Hải Phòng GeoJSON files the app no longer opens (they stay in public/data/ for the tests and the
 * command line; Hải Phòng opens from data/provinces/31.bin like every province). The provinces' index.json
 * and names.json stay in: the picker needs the names offline, and the index holds each file's sha256, so
 * a changed province still makes a new build version.
 */
export function precached(file: string): boolean {
  return file !== 'sw.js' && !file.endsWith('.map') && !/^data\/provinces\/[^/]+\.bin$/.test(file) && !/^data\/haiphong-[^/]+\.geojson$/.test(file);
}

export function serviceWorker(entry: string): Plugin {
  let outDir = 'dist';
  let root = process.cwd();
  return {
    name: 'dia-gioi-service-worker',
    apply: 'build',
    configResolved(config) {
      root = config.root;
      // resolve, not join: an absolute outDir (a test building into a temporary folder) stays as it is.
      outDir = resolve(config.root, config.build.outDir);
    },
    // After everything is written, so public/ files and the workers are in the list.
    async writeBundle() {
      const files = filesUnder(outDir)
        .map((f) => relative(outDir, f).split('\\').join('/'))
        .filter(precached)
        .sort();
      const hash = createHash('sha256');
      for (const f of files) hash.update(f).update(readFileSync(join(outDir, f)));
      await build({
        entryPoints: [resolve(root, entry)],
        bundle: true,
        format: 'iife',
        target: 'es2022',
        minify: true,
        outfile: join(outDir, 'sw.js'),
        define: { PRECACHE: JSON.stringify(['./', ...files]), VERSION: JSON.stringify(hash.digest('hex').slice(0, 16)) },
        logLevel: 'warning',
      });
    },
  };
}
