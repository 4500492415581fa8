// The prepared national province files (public/data/provinces) as the app reads them, for tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, MultiPolygon } from 'geojson';
import { decodeTopologyFile, topologyFileFeatures } from '../../src/io/topology-file';
import { contextUnitsFromTopologyFile } from '../../src/io/context-units';
import type { ContextUnit, ContextUnits } from '../../src/core/model/context-units';
import { ROOT, type PolyFC } from './data';

interface IndexEntry {
  readonly code: string;
  readonly bbox: readonly [number, number, number, number];
  readonly file: string;
}

export function provinceIndex(): readonly IndexEntry[] {
  return (JSON.parse(readFileSync(join(ROOT, 'public/data/provinces/index.json'), 'utf8')) as { provinces: IndexEntry[] }).provinces;
}

function bboxOf(fc: PolyFC): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of fc.features) {
    const rings = f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat();
    for (const r of rings) for (const p of r) {
      b[0] = Math.min(b[0], p[0]!); b[1] = Math.min(b[1], p[1]!);
      b[2] = Math.max(b[2], p[0]!); b[3] = Math.max(b[3], p[1]!);
    }
  }
  return b;
}

/**
 * The units of the provinces around `fc` (province `code` left out) that lie near it, as context units
 * and as GeoJSON features with a `code` property (for GEOS).
 */
export function neighbourProvinces(fc: PolyFC, code: string): { context: ContextUnits; features: Feature<MultiPolygon, Record<string, unknown>>[] } {
  const b = bboxOf(fc);
  const pad = 0.01;
  const near = [b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad] as const;
  const units: ContextUnit[] = [];
  const features: Feature<MultiPolygon, Record<string, unknown>>[] = [];
  for (const p of provinceIndex()) {
    if (p.code === code || p.bbox[0] > near[2] || near[0] > p.bbox[2] || p.bbox[1] > near[3] || near[1] > p.bbox[3]) continue;
    const decoded = decodeTopologyFile(readFileSync(join(ROOT, 'public/data/provinces', p.file)), p.file);
    const got = contextUnitsFromTopologyFile(decoded, near);
    units.push(...got);
    const codes = new Set(got.map((u) => u.code));
    features.push(...topologyFileFeatures(decoded).filter((f) => codes.has(String(f.properties.code))));
  }
  return { context: new Map(units.map((u) => [u.id, u])), features };
}
