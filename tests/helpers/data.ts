// Loads the bundled real data for tests (Node only).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';

export const ROOT = join(import.meta.dirname, '..', '..');

export type PolyFC = FeatureCollection<Polygon | MultiPolygon, Record<string, unknown>>;

const cache = new Map<string, PolyFC>();

function load(path: string): PolyFC {
  let fc = cache.get(path);
  if (!fc) {
    fc = JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as PolyFC;
    cache.set(path, fc);
  }
  return fc;
}

/** The prepared app data: new Hải Phòng, 114 units. */
export const haiPhong = () => load('public/data/haiphong-2025.geojson');
export const haNoi = () => load('geodata/src/hanoi_communes_2025.geojson');
export const laoCai = () => load('geodata/src/laocai_communes_2025.geojson');
export const sonLa = () => load('geodata/src/sonla_communes_2025.geojson');
