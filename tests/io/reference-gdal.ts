// GDAL as an independent writer for the reference-layer tests: ogr2ogr turns a GeoJSON the test wrote
// into a Shapefile (in WGS 84, or in VN-2000 TM-3 through the proj string of src/io/vn2000.ts), which the
// test zips and reads back. CI installs gdal-bin; without ogr2ogr these tests are skipped, saying why.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import type { Position } from 'geojson';

/** Why the GDAL tests cannot run here, or null when ogr2ogr is installed. */
export const GDAL_MISSING: string | null = (() => {
  const r = spawnSync('ogr2ogr', ['--version'], { encoding: 'utf8' });
  if (r.error) return `ogr2ogr is not installed (${r.error.message}); CI installs gdal-bin`;
  return r.status === 0 ? null : `ogr2ogr --version failed: ${r.stderr.slice(0, 200)}`;
})();

/** Writes `collection` as dir/<layer>.geojson and converts it to dir/<layer>.shp with the extra arguments. */
export function shapefileByGdal(dir: string, layer: string, collection: unknown, args: readonly string[] = []): void {
  const src = join(dir, `${layer}.geojson`);
  writeFileSync(src, JSON.stringify(collection));
  const r = spawnSync('ogr2ogr', ['-f', 'ESRI Shapefile', join(dir, `${layer}.shp`), src, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.error) throw new Error(`ogr2ogr could not run: ${r.error.message}`);
  if (r.status !== 0 || /ERROR|Warning/.test(r.stderr)) throw new Error(`ogr2ogr ${layer}: ${r.stderr.slice(0, 500)}`);
}

/** The zip of dir/<layer>.* (.shp, .shx, .dbf, .prj, .cpg as GDAL wrote them), leaving out `without`. */
export function zipLayer(dir: string, layer: string, without: readonly string[] = []): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const name of readdirSync(dir)) {
    const ext = name.slice(layer.length + 1);
    if (name.startsWith(`${layer}.`) && ext !== 'geojson' && !without.includes(ext)) files[name] = new Uint8Array(readFileSync(join(dir, name)));
  }
  return zipSync(files);
}

/**
 * Largest difference in x or y between two coordinate structures of the same shape in the same order
 * (positions compared on their first two numbers, so a source Z is ignored); Infinity when shapes differ.
 */
export function orderedDeviation(a: unknown, b: unknown): number {
  if (!Array.isArray(a) || !Array.isArray(b)) return Infinity;
  if (typeof a[0] === 'number') {
    const p = a as Position, q = b as Position;
    return typeof q[0] === 'number' && q.length >= 2 ? Math.max(Math.abs(p[0]! - q[0]!), Math.abs(p[1]! - q[1]!)) : Infinity;
  }
  if (a.length !== b.length) return Infinity;
  return a.reduce((m: number, x, i) => Math.max(m, orderedDeviation(x, b[i])), 0);
}

const TONES = /[\u0300\u0301\u0303\u0309\u0323]/u;

/**
 * Vietnamese text in the form Windows-1258 can encode: letters with their shape marks (â, ơ, ư …)
 * precomposed and the tone marks separate. GDAL's iconv writes nothing for text in any other form.
 */
export function windows1258Form(s: string): string {
  return s.normalize('NFD').replace(/(\P{M})(\p{M}*)/gu, (_m, base: string, marks: string) => {
    const chars = [...marks];
    return `${(base + chars.filter((c) => !TONES.test(c)).join('')).normalize('NFC')}${chars.filter((c) => TONES.test(c)).join('')}`;
  });
}
