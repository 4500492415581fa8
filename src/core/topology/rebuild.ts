// Rebuilds the coverage topology after a geometric edit (transfer, overlap fix, gap fill, new unit):
// the topology is built again from every unit (build.ts), so borders that now coincide become one
// shared arc. Arcs that come out identical to existing ones keep their ids and objects, and units whose
// rings did not change keep their objects, so history diffs and revalidation stay small.
// Building Hải Phòng's topology takes ~20–60 ms: fine for a click, not for a drag (drags move vertices).
import type { MultiPolygon } from 'geojson';
import type { Arc, ArcRef, Coverage, Polygon, Unit, UnitAttrs } from '../model/types';
import { unitGeometry } from '../geom/unit-measure';
import { nodeVertices } from './node-vertices';
import { withoutSpikes } from './remove-spikes';
import { buildTopology } from './build';

export interface UnitGeometry {
  readonly id: string;
  readonly attrs: UnitAttrs;
  readonly geometry: MultiPolygon;
}

function arcKey(arc: Arc): string {
  const a = arc[0]!;
  const b = arc[arc.length - 1]!;
  const lo = a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]) ? a : b;
  const hi = lo === a ? b : a;
  return `${arc.length}|${lo[0]},${lo[1]}|${hi[0]},${hi[1]}`;
}

function sameArc(x: Arc, y: Arc, reversed: boolean): boolean {
  const n = x.length;
  if (n !== y.length) return false;
  for (let i = 0; i < n; i++) {
    const p = x[i]!;
    const q = y[reversed ? n - 1 - i : i]!;
    if (p[0] !== q[0] || p[1] !== q[1]) return false;
  }
  return true;
}

function samePolygons(a: readonly Polygon[], b: readonly Polygon[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => p.length === b[i]!.length && p.every((r, j) => r.length === b[i]![j]!.length && r.every((x, k) => x === b[i]![j]![k])))
  );
}

/**
 * A coverage of the given units (in that order), reusing `prev`'s arcs and unit objects where they
 * did not change. Units are given as full GeoJSON geometries.
 */
export function rebuildCoverage(prev: Coverage, input: readonly UnitGeometry[], changed: ReadonlySet<string> = new Set()): Coverage {
  // Slivers folded into exact out-and-backs by the noding go (remove-spikes.ts); a unit left with no
  // area would be an empty unit, so it keeps its noded geometry and the checks report it.
  const units = nodeVertices(input, changed).map((u) => {
    const g = withoutSpikes(u.geometry);
    return g === u.geometry || g === null ? u : { ...u, geometry: g };
  });
  const topo = buildTopology(units.map((u) => u.geometry));
  const fresh = topo.arcs;

  const byKey = new Map<string, number[]>();
  prev.arcs.forEach((arc, i) => {
    if (arc.length < 2) return;
    const k = arcKey(arc);
    byKey.set(k, [...(byKey.get(k) ?? []), i]);
  });

  const arcs: Arc[] = prev.arcs.map(() => []);
  const used = new Set<number>();
  const map = fresh.map((arc) => {
    for (const i of byKey.get(arcKey(arc)) ?? []) {
      if (used.has(i)) continue;
      const old = prev.arcs[i]!;
      for (const reversed of [false, true]) {
        if (sameArc(arc, old, reversed)) {
          used.add(i);
          arcs[i] = old;
          return { id: i, reversed };
        }
      }
    }
    arcs.push(arc);
    return { id: arcs.length - 1, reversed: false };
  });
  const remap = (ref: ArcRef): ArcRef => {
    const j = ref < 0 ? ~ref : ref;
    const m = map[j]!;
    const forward = (ref >= 0) !== m.reversed;
    return forward ? m.id : ~m.id;
  };

  const out = new Map<string, Unit>();
  units.forEach((u, i) => {
    const polygons: Polygon[] = topo.polygons[i]!.map((poly) => poly.map((ring) => ring.map(remap)));
    const old = prev.units.get(u.id);
    out.set(u.id, old && old.attrs === u.attrs && samePolygons(old.polygons, polygons) ? old : { id: u.id, attrs: u.attrs, polygons });
  });
  return { arcs, units: out };
}

/** The current units as geometries, with some replaced, removed (null) or added (at the end). */
export function unitsWith(
  c: Coverage,
  replace: ReadonlyMap<string, MultiPolygon | null>,
  add: readonly UnitGeometry[] = [],
): UnitGeometry[] {
  const out: UnitGeometry[] = [];
  for (const u of c.units.values()) {
    const g = replace.has(u.id) ? replace.get(u.id)! : unitGeometry(c, u.id);
    if (g && g.coordinates.length > 0) out.push({ id: u.id, attrs: u.attrs, geometry: g });
  }
  return [...out, ...add];
}
