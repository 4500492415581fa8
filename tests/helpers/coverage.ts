// Builds coverages for validation tests, and deep copies that share no object with the original (so a
// full check cannot reuse anything cached on the original's arcs, units or coverage).
import { readFileSync } from 'node:fs';
import { coverageFromFeatures, type Arc, type Coverage, type Unit } from '../../src/core/model';
import { readGeoJsonText } from '../../src/io/geojson-read';

export function coverageFromFile(path: string): Coverage {
  const r = readGeoJsonText(readFileSync(path, 'utf8'), path);
  if (!r.ok) throw new Error(`fixture ${path} is unusable: ${r.error.problem} ${r.error.found}`);
  return coverageFromFeatures(r.features);
}

export function freshCopy(c: Coverage): Coverage {
  const arcs: Arc[] = c.arcs.map((a) => a.map((p) => [p[0], p[1]] as const));
  const units = new Map<string, Unit>();
  for (const [id, u] of c.units) units.set(id, { id: u.id, attrs: { ...u.attrs }, polygons: u.polygons.map((p) => p.map((r) => [...r])) });
  return { arcs, units };
}

/** Mulberry32: a small seeded generator, so random tests replay exactly. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
