// The old (pre-2025) units layer as the merger check uses it: each feature's names folded for matching,
// its bounding box, and its area on the ellipsoid. Built once per FeatureCollection object.
// The layer is read leniently: a feature without a usable name or polygonal geometry is skipped and
// counted, because the layer is a coarse reference, not data the user edits.
import type { FeatureCollection, Geometry, MultiPolygon } from 'geojson';
import { geometryBBox, type BBox } from '../../geom/bbox';
import { multiPolygonEqualAreaM2 } from './area';
import { bareName, bareRegion } from './names';

export interface OldUnit {
  readonly id: string;
  readonly name: string;
  readonly district: string | null;
  readonly province: string | null;
  readonly geometry: MultiPolygon;
  readonly bbox: BBox;
  /** Area on the WGS84 ellipsoid (equal-area projection), m². */
  readonly areaM2: number;
  readonly vertexCount: number;
}

export interface OldUnitIndex {
  readonly units: readonly OldUnit[];
  /** "province key|bare name key" → units. */
  readonly byName: ReadonlyMap<string, readonly OldUnit[]>;
  /** "province key|district key" → units (for rows that name a whole district). */
  readonly byDistrict: ReadonlyMap<string, readonly OldUnit[]>;
  /** Mean vertices per unit: how coarse the reference is (≈ 18 for the bundled 2008 layer). */
  readonly verticesPerUnit: number;
  /** Features left out (no name or no polygonal geometry). */
  readonly skipped: number;
}

export type OldUnitCollection = FeatureCollection<Geometry | null, Record<string, unknown> | null>;

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

function asMulti(g: Geometry | null): MultiPolygon | null {
  if (!g) return null;
  if (g.type === 'Polygon') return { type: 'MultiPolygon', coordinates: [g.coordinates] };
  if (g.type === 'MultiPolygon') return g;
  return null;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

const cache = new WeakMap<OldUnitCollection, OldUnitIndex>();

export function indexOldUnits(fc: OldUnitCollection): OldUnitIndex {
  const hit = cache.get(fc);
  if (hit) return hit;
  const units: OldUnit[] = [];
  const byName = new Map<string, OldUnit[]>();
  const byDistrict = new Map<string, OldUnit[]>();
  let skipped = 0;
  let vertices = 0;
  fc.features.forEach((f, i) => {
    const p = f.properties ?? {};
    const name = str(p.name);
    const geometry = asMulti(f.geometry);
    if (!name || !geometry) {
      skipped++;
      return;
    }
    const vertexCount = geometry.coordinates.reduce((s, poly) => s + poly.reduce((t, r) => t + r.length, 0), 0);
    const u: OldUnit = {
      id: str(p.id) ?? (typeof f.id === 'string' || typeof f.id === 'number' ? String(f.id) : `#${i}`),
      name,
      district: str(p.district),
      province: str(p.province),
      geometry,
      bbox: geometryBBox(geometry),
      areaM2: multiPolygonEqualAreaM2(geometry),
      vertexCount,
    };
    vertices += vertexCount;
    units.push(u);
    const prov = bareRegion(u.province ?? '');
    push(byName, `${prov}|${bareName(name)}`, u);
    if (u.district) push(byDistrict, `${prov}|${bareRegion(u.district)}`, u);
  });
  const index = { units, byName, byDistrict, verticesPerUnit: units.length ? vertices / units.length : 0, skipped };
  cache.set(fc, index);
  return index;
}
