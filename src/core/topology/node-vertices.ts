// Before rebuilding the topology, put every vertex that lies on another unit's edge into that edge.
// The topology build only shares borders whose vertices coincide; a boolean operation leaves T-junctions
// (a new vertex in the middle of a neighbour's edge), which would leave the two borders unshared.
import Flatbush from 'flatbush';
import type { MultiPolygon, Position } from 'geojson';
import type { UnitGeometry } from './rebuild';

/** Vertices within this distance of an edge (degrees, ≈ 1 mm) count as on it. */
const ON_EDGE = 1e-8;

interface Seg {
  unit: number;
  poly: number;
  ring: number;
  index: number;
}

/**
 * Returns the units with T-junction vertices inserted. Only edges near the `changed` units are
 * examined, in both directions (their vertices into others' edges and others' vertices into theirs).
 */
export function nodeVertices(units: readonly UnitGeometry[], changed: ReadonlySet<string>): UnitGeometry[] {
  if (changed.size === 0) return [...units];
  const coords = units.map((u) => u.geometry.coordinates.map((p) => p.map((r) => r.map((q) => [q[0]!, q[1]!] as Position))));
  const segs: Seg[] = [];
  const boxes: number[] = [];
  let cx0 = Infinity, cy0 = Infinity, cx1 = -Infinity, cy1 = -Infinity;
  units.forEach((u, ui) => {
    if (!changed.has(u.id)) return;
    for (const p of u.geometry.coordinates) for (const r of p) for (const q of r) {
      cx0 = Math.min(cx0, q[0]!); cy0 = Math.min(cy0, q[1]!); cx1 = Math.max(cx1, q[0]!); cy1 = Math.max(cy1, q[1]!);
    }
    void ui;
  });
  coords.forEach((polys, ui) =>
    polys.forEach((rings, pi) =>
      rings.forEach((ring, ri) => {
        for (let i = 0; i < ring.length - 1; i++) {
          const a = ring[i]!;
          const b = ring[i + 1]!;
          const x0 = Math.min(a[0]!, b[0]!), y0 = Math.min(a[1]!, b[1]!), x1 = Math.max(a[0]!, b[0]!), y1 = Math.max(a[1]!, b[1]!);
          if (x1 < cx0 - ON_EDGE || x0 > cx1 + ON_EDGE || y1 < cy0 - ON_EDGE || y0 > cy1 + ON_EDGE) continue;
          segs.push({ unit: ui, poly: pi, ring: ri, index: i });
          boxes.push(x0 - ON_EDGE, y0 - ON_EDGE, x1 + ON_EDGE, y1 + ON_EDGE);
        }
      }),
    ),
  );
  if (segs.length === 0) return [...units];
  const index = new Flatbush(segs.length);
  for (let i = 0; i < segs.length; i++) index.add(boxes[4 * i]!, boxes[4 * i + 1]!, boxes[4 * i + 2]!, boxes[4 * i + 3]!);
  index.finish();

  // insertions[unit][poly][ring] = list of {index, t, point}
  const inserts = new Map<string, { index: number; t: number; p: Position }[]>();
  const key = (s: Seg) => `${s.unit}/${s.poly}/${s.ring}`;
  for (let si = 0; si < segs.length; si++) {
    const s = segs[si]!;
    const ring = coords[s.unit]![s.poly]![s.ring]!;
    // Check every vertex of this segment's ring against the other segments near it.
    const v = ring[s.index]!;
    for (const hit of index.search(v[0]!, v[1]!, v[0]!, v[1]!)) {
      const o = segs[hit]!;
      if (o.unit === s.unit) continue;
      // Only pairs where one side is a changed unit.
      if (!changed.has(units[s.unit]!.id) && !changed.has(units[o.unit]!.id)) continue;
      const oring = coords[o.unit]![o.poly]![o.ring]!;
      const a = oring[o.index]!;
      const b = oring[o.index + 1]!;
      if ((v[0] === a[0] && v[1] === a[1]) || (v[0] === b[0] && v[1] === b[1])) continue;
      const dx = b[0]! - a[0]!;
      const dy = b[1]! - a[1]!;
      const len2 = dx * dx + dy * dy;
      if (len2 === 0) continue;
      const t = ((v[0]! - a[0]!) * dx + (v[1]! - a[1]!) * dy) / len2;
      if (t <= 0 || t >= 1) continue;
      const px = a[0]! + t * dx;
      const py = a[1]! + t * dy;
      if (Math.hypot(px - v[0]!, py - v[1]!) > ON_EDGE) continue;
      const k = key(o);
      const list = inserts.get(k) ?? [];
      if (!list.some((x) => x.index === o.index && x.p[0] === v[0] && x.p[1] === v[1])) list.push({ index: o.index, t, p: v });
      inserts.set(k, list);
    }
  }
  if (inserts.size === 0) return [...units];
  for (const [k, list] of inserts) {
    const [ui, pi, ri] = k.split('/').map(Number) as [number, number, number];
    const ring = coords[ui]![pi]![ri]!;
    // Insert from the end so earlier indices stay valid; within a segment, farthest first.
    list.sort((x, y) => y.index - x.index || y.t - x.t);
    for (const ins of list) ring.splice(ins.index + 1, 0, ins.p);
  }
  return units.map((u, ui) => {
    const touched = [...inserts.keys()].some((k) => k.startsWith(`${ui}/`));
    return touched ? { ...u, geometry: { type: 'MultiPolygon', coordinates: coords[ui]! } as MultiPolygon } : u;
  });
}
