// Reshape a border: a new line from one point of a unit's boundary to another replaces the stretch
// between them.
//
// Along one border (both ends on the border between the same two units) the stretch is replaced in
// place, across the nodes the border is cut at (topology/join-arcs.ts): the border is one arc shared by
// both units, so the area between the old and the new line moves from one unit to the other and the
// border stays shared.
//
// Across nodes where the neighbour changes (from the A–B border to the A–C border) the line reshapes
// unit A: A takes the area between its old boundary and the line from the units it lies in, each
// losing exactly its part, with polygon booleans and a topology rebuild as a transfer does
// (geometry-edits.ts). Area A would lose there is given to the one unit across the replaced stretch;
// when several units are across it and the line stays inside A, each node of the stretch where the
// unit across changes runs on straight to the nearest point of the line it can see (the nearest point
// of all when nothing is in the way) and each unit across takes the land next to its own border
// (shareAtNodes). A line that runs both out of and into A there is refused:
// which unit gets the land cut off between two of its crossings is not the line's to say.
import type { MultiPolygon, Polygon } from 'geojson';
import type { Arc, Coverage, Position } from '../model/types';
import { arcIndex } from '../model/types';
import { locateOnArcs, type ArcLocation } from '../topology/locate';
import { arcBox } from '../topology/arc-bbox';
import { firstCrossing } from '../topology/crossings';
import { ringPositions, ringsCollapse, ringsUsingArc } from '../topology/rings';
import { joinBorderArcs } from '../topology/join-arcs';
import { locateOnRing, OUTSIDE, unitRings, unitsAcross, walkRing, type RingPoint, type UnitRing } from '../topology/ring-stretch';
import { rebuildCoverage, unitsWith } from '../topology/rebuild';
import { arcUsage } from '../model/arc-usage';
import { intersectSegments } from '../geom/segment-intersection';
import { difference, intersection, union } from '../geom/boolean';
import { geometryAreaM2 } from '../geom/geodesic';
import { unitGeometry } from '../geom/unit-measure';
import { bboxesOverlap, geometryBBox } from '../geom/bbox';
import { pointInPolygon, pointInRing } from '../geom/point-in-ring';
import { dropZeroLengthArcs } from './remove-duplicate-vertices';
import { makeAction, type Action, type Refusal } from './refusal';

function insertAt(arc: Arc, loc: ArcLocation): { arc: Arc; index: number } {
  if (loc.kind === 'vertex') return { arc, index: loc.index };
  return { arc: [...arc.slice(0, loc.index + 1), [loc.at[0], loc.at[1]], ...arc.slice(loc.index + 1)] as Arc, index: loc.index + 1 };
}

function planOnBorder(c: Coverage, line: readonly Position[], toleranceDeg: number): Coverage | Refusal | ReshapeCrossing {
  if (line.length < 2) return 'line-too-short';
  const first = line[0]!;
  const last = line[line.length - 1]!;
  // Both ends must lie on one arc. An end at a node lies on several arcs: try both ways round.
  let a = locateOnArcs(c, first, toleranceDeg);
  let b = a && locateOnArcs(c, last, toleranceDeg, (i) => i === a!.arc);
  if (!b) {
    b = locateOnArcs(c, last, toleranceDeg);
    a = b && locateOnArcs(c, first, toleranceDeg, (i) => i === b!.arc);
  }
  if (!a || !b) {
    // The ends lie on different arcs of one border (cut at nodes along it): join those arcs, then
    // reshape the joined arc.
    c = dropZeroLengthArcs(c);
    const used = arcUsage(c).unitsByArc;
    const sa = locateOnArcs(c, first, toleranceDeg, (i) => used[i]!.length > 0);
    const sb = locateOnArcs(c, last, toleranceDeg, (i) => used[i]!.length > 0);
    const joined = sa && sb ? joinBorderArcs(c, sa.arc, sb.arc) : null;
    if (!joined) return 'line-not-on-border';
    c = joined.coverage;
    a = locateOnArcs(c, first, toleranceDeg, (i) => i === joined.arc);
    b = locateOnArcs(c, last, toleranceDeg, (i) => i === joined.arc);
    if (!a || !b) return 'line-not-on-border';
  }
  let arc = c.arcs[a.arc]!;
  // Order along the arc: vertex index, plus the fraction along the segment for a point inside one.
  const along = (l: ArcLocation) => {
    if (l.kind === 'vertex') return l.index;
    const v = arc[l.index]!;
    const w = arc[l.index + 1]!;
    const len = Math.hypot(w[0] - v[0], w[1] - v[1]);
    return l.index + (len === 0 ? 0 : Math.hypot(l.at[0] - v[0], l.at[1] - v[1]) / len);
  };
  // Insert the later location first so the earlier index stays valid.
  const aFirst = along(a) < along(b);
  let ia: number;
  let ib: number;
  if (aFirst) {
    const rb = insertAt(arc, b);
    const ra = insertAt(rb.arc, a);
    arc = ra.arc;
    ia = ra.index;
    ib = rb.index + (ra.arc.length - rb.arc.length);
  } else {
    const ra = insertAt(arc, a);
    const rb = insertAt(ra.arc, b);
    arc = rb.arc;
    ib = rb.index;
    ia = ra.index + (rb.arc.length - ra.arc.length);
  }
  if (ia === ib) return 'line-too-short';
  const inner = line.slice(1, -1).map((p) => [p[0], p[1]] as Position);
  const lo = Math.min(ia, ib);
  const hi = Math.max(ia, ib);
  const middle = ia < ib ? inner : [...inner].reverse();
  const next = [...arc.slice(0, lo + 1), ...middle, ...arc.slice(hi)] as Arc;
  const arcs = c.arcs.slice();
  arcs[a.arc] = next;
  const cov: Coverage = { arcs, units: c.units };
  const changed = Array.from({ length: middle.length + 1 }, (_, i) => ({ arc: a.arc, index: lo + i }));
  const hit = firstCrossing(cov, changed);
  if (hit) {
    // Say which unit the line runs into, and where: the units of the crossed arc but the border's own.
    const own = new Set(arcUsage(cov).unitsByArc[a.arc] ?? []);
    return { refusal: 'self-intersection', at: hit.at, units: [...new Set(arcUsage(cov).unitsByArc[hit.arc] ?? [])].filter((u) => !own.has(u)) };
  }
  if (ringsCollapse(cov, [a.arc])) return 'collapsed-ring';
  // A new vertex on another vertex of the same ring pinches the unit there: its ring would touch itself.
  // It is two parts: the unit is rebuilt as such (and the editor asks before such an edit).
  const pinched = pinchedUnits(cov, a.arc, middle);
  if (pinched.length > 0) {
    const parts = new Map(pinched.map((id) => [id, union(unitGeometry(cov, id), unitGeometry(cov, id))]));
    return rebuildCoverage(cov, unitsWith(cov, parts), new Set(pinched));
  }
  return cov;
}

/** Units whose ring through `arc` passes one of `points` twice. */
function pinchedUnits(c: Coverage, arc: number, points: readonly Position[]): string[] {
  if (points.length === 0) return [];
  const keys = new Set(points.map((p) => `${p[0]},${p[1]}`));
  const out = new Set<string>();
  for (const r of ringsUsingArc(c, arc)) {
    const pts = ringPositions(c, c.units.get(r.unit)!.polygons[r.polygon]![r.ring]!);
    const seen = new Set<string>();
    for (let i = 0; i < pts.length - 1; i++) {
      if (i > 0 && samePos(pts[i]!, pts[i - 1]!)) continue;
      const k = `${pts[i]![0]},${pts[i]![1]}`;
      if (!keys.has(k)) continue;
      if (seen.has(k)) out.add(r.unit);
      seen.add(k);
    }
  }
  return [...out];
}

/**
 * Why a reshape is refused, where, and the units involved: for a crossing, the units the line runs into
 * (empty when it crosses itself or the unit's own boundary); for 'several-neighbours', the units across
 * the replaced stretch (and `outside` when part of it is the coverage's outer edge).
 */
export interface ReshapeCrossing {
  readonly refusal: Refusal;
  readonly at: Position;
  readonly units: readonly string[];
  readonly outside?: boolean;
}

/**
 * Area pieces smaller than this (m²) are rounding, not land: the tolerance (0.1 m) squared. A line
 * snapped onto a border leaves such slivers between it and the border in the polygon booleans.
 */
const DUST_M2 = 0.01;

const samePos = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1];

/** The line without repeated consecutive points. */
function dedupe(line: readonly Position[]): Position[] {
  const out: Position[] = [];
  for (const p of line) if (out.length === 0 || !samePos(out[out.length - 1]!, p)) out.push([p[0], p[1]]);
  return out;
}

/** The first point where the line crosses itself (adjacent segments may only share their vertex). */
function selfCrossing(line: readonly Position[]): Position | null {
  for (let i = 0; i < line.length - 1; i++) {
    for (let j = i + 1; j < line.length - 1; j++) {
      const hits = intersectSegments(line[i]!, line[i + 1]!, line[j]!, line[j + 1]!);
      if (hits.length === 0) continue;
      const shared = j === i + 1 && hits.length === 1 && hits[0]!.x === line[j]![0] && hits[0]!.y === line[j]![1];
      // A closed line (from a point back to it) meets itself at its ends; that is not a crossing.
      const closed = i === 0 && j === line.length - 2 && hits.length === 1 && samePos(line[0]!, line[line.length - 1]!) && hits[0]!.x === line[0]![0] && hits[0]!.y === line[0]![1];
      if (!shared && !closed) return [hits[0]!.x, hits[0]!.y];
    }
  }
  return null;
}

/**
 * Where the line (from P to Q) crosses or touches a path of the ring other than at its own ends: the
 * line may meet the kept stretch only where they join (P and Q). Returns the point and the segment of
 * the path, or null.
 */
function crossingWithPath(line: readonly Position[], path: readonly Position[]): { at: Position; segment: number } | null {
  const P = line[0]!;
  const Q = line[line.length - 1]!;
  for (let i = 0; i < line.length - 1; i++) {
    const a0 = line[i]!;
    const a1 = line[i + 1]!;
    const x0 = Math.min(a0[0], a1[0]);
    const x1 = Math.max(a0[0], a1[0]);
    const y0 = Math.min(a0[1], a1[1]);
    const y1 = Math.max(a0[1], a1[1]);
    for (let j = 0; j < path.length - 1; j++) {
      const b0 = path[j]!;
      const b1 = path[j + 1]!;
      if (samePos(b0, b1)) continue;
      if (Math.max(b0[0], b1[0]) < x0 - 1e-9 || Math.min(b0[0], b1[0]) > x1 + 1e-9) continue;
      if (Math.max(b0[1], b1[1]) < y0 - 1e-9 || Math.min(b0[1], b1[1]) > y1 + 1e-9) continue;
      const hits = intersectSegments(a0, a1, b0, b1);
      if (hits.length === 0) continue;
      const h = hits[0]!;
      const atEnd = hits.length === 1 && ((i === 0 && h.x === P[0] && h.y === P[1]) || (i === line.length - 2 && h.x === Q[0] && h.y === Q[1]));
      if (!atEnd) return { at: [h.x, h.y], segment: j };
    }
  }
  return null;
}

/** Twice the planar area of a closed ring, longitude scaled to the ground (only compared, never shown). */
function planarArea(ring: readonly Position[]): number {
  const k = Math.cos(((ring[0]?.[1] ?? 0) * Math.PI) / 180);
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += ring[i]![0] * k * ring[i + 1]![1] - ring[i + 1]![0] * k * ring[i]![1];
  return Math.abs(s);
}

const polygon = (ring: readonly Position[]): Polygon => ({ type: 'Polygon', coordinates: [ring.map((p) => [p[0], p[1]])] });
const areaOf = (g: MultiPolygon | null) => (g ? geometryAreaM2(g) : 0);

/** The first point where the line crosses into one of the given arcs (for naming where it runs into a unit). */
function firstHitOnArcs(c: Coverage, line: readonly Position[], arcs: Iterable<number>): Position | null {
  let best: { i: number; t: number; at: Position } | null = null;
  for (const a of arcs) {
    const arc = c.arcs[a] ?? [];
    for (let i = 0; i < line.length - 1; i++) {
      if (best && i > best.i) break;
      for (let j = 0; j < arc.length - 1; j++) {
        for (const h of intersectSegments(line[i]!, line[i + 1]!, arc[j]!, arc[j + 1]!)) {
          if (!best || i < best.i || (i === best.i && h.t < best.t)) best = { i, t: h.t, at: [h.x, h.y] };
        }
      }
    }
  }
  return best?.at ?? null;
}

/**
 * Reshape across nodes where the neighbour changes: the line runs from one point of unit A's boundary
 * to another point of the same ring. A is the unit whose ring both ends lie on (the selected one when
 * several are).
 */
function planAcross(c: Coverage, rawLine: readonly Position[], toleranceDeg: number, selected: string | null): Coverage | Refusal | ReshapeCrossing {
  const line = dedupe(rawLine);
  if (line.length < 2) return 'line-too-short';
  const first = line[0]!;
  const last = line[line.length - 1]!;
  // Units with one ring through both ends: those whose arcs come near the start, then checked ring by ring.
  const users = arcUsage(c).unitsByArc;
  const slack = toleranceDeg / Math.max(0.1, Math.cos((first[1] * Math.PI) / 180));
  const near = new Set<string>();
  c.arcs.forEach((arc, i) => {
    if (arc.length < 2) return;
    const b = arcBox(arc);
    if (first[0] >= b[0] - slack && first[0] <= b[2] + slack && first[1] >= b[1] - slack && first[1] <= b[3] + slack) for (const u of users[i] ?? []) near.add(u);
  });
  const candidates: { unit: string; ring: UnitRing; p: RingPoint; q: RingPoint }[] = [];
  for (const u of near) {
    for (const ring of unitRings(c, u)) {
      const p = locateOnRing(ring, first, toleranceDeg);
      const q = p && locateOnRing(ring, last, toleranceDeg);
      if (p && q) {
        candidates.push({ unit: u, ring, p, q });
        break;
      }
    }
  }
  const chosen = candidates.find((x) => x.unit === selected) ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (!chosen) return candidates.length > 1 ? 'no-selection' : 'line-not-on-border';
  const { unit: A, ring, p, q } = chosen;
  if (samePos(p.at, q.at)) return 'line-too-short';
  const L = [p.at, ...line.slice(1, -1), q.at];
  const self = selfCrossing(L);
  if (self) return { refusal: 'self-intersection', at: self, units: [] };

  // The two ways to close the line with A's ring: replace the stretch P → Q (keeping Q → P), or the
  // other. A candidate is possible when the line meets the stretch it keeps only at its ends.
  const forward = walkRing(ring, p, q);
  const backward = walkRing(ring, q, p);
  const options = [
    { replaced: forward, kept: backward, ring: [...L, ...backward.points.slice(1)] },
    { replaced: backward, kept: forward, ring: [...forward.points, ...[...L].reverse().slice(1)] },
  ].map((o) => ({ ...o, crossing: crossingWithPath(L, o.kept.points) }));
  const possible = options.filter((o) => !o.crossing);
  if (possible.length === 0) {
    const x = options[0]!.crossing!;
    const across = unitsAcross(c, A, { points: options[0]!.kept.points.slice(x.segment, x.segment + 2), arcs: [options[0]!.kept.arcs[x.segment]!] });
    return { refusal: 'self-intersection', at: x.at, units: across.units.filter((u) => u !== OUTSIDE) };
  }
  // Both possible (the line stays on one side of A's boundary): replace the stretch that encloses the
  // smaller region with the line. Outside A that is the land between them (the other way round would
  // enclose A as well); inside, the smaller of the two pieces the line cuts A into goes.
  const choice =
    possible.length === 1
      ? possible[0]!
      : planarArea([...L, ...[...forward.points].reverse().slice(1)]) <= planarArea([...L, ...backward.points.slice(1)])
        ? options[0]!
        : options[1]!;

  const oldRegion = polygon(ring.pts);
  const newRegion = polygon(choice.ring);
  // A shell encloses A's land; a hole encloses land that is not A's.
  const [outer, inner] = ring.ring === 0 ? [newRegion, oldRegion] : [oldRegion, newRegion];
  const gained = difference(outer, inner);
  const lostRegion = difference(inner, outer);
  const aGeom = unitGeometry(c, A);
  const lost = lostRegion ? intersection(aGeom, lostRegion) : null;
  const lostM2 = areaOf(lost);
  const { units: across, change } = unitsAcross(c, A, choice.replaced);
  const acrossUnits = across.filter((u) => u !== OUTSIDE);
  // Inward across nodes where the unit across changes: each node's border runs on to the line, and each
  // unit across takes the land next to its own border.
  let shares: Map<string, MultiPolygon> | null = null;
  if (lostM2 > DUST_M2 && across.length > 1) {
    const severalNeighbours: ReshapeCrossing = { refusal: 'several-neighbours', at: change ?? p.at, units: acrossUnits, ...(across.includes(OUTSIDE) ? { outside: true } : {}) };
    // Only when the line stays inside A: where it also runs out of A, which unit across gets the land
    // cut off between two crossings of the stretch is not the line's to say.
    if (areaOf(gained) > DUST_M2) return severalNeighbours;
    const forwardLine = choice.replaced === forward ? L : [...L].reverse();
    const shared = shareAtNodes(c, A, choice.replaced, forwardLine, aGeom);
    if (!shared) return severalNeighbours;
    shares = shared;
  }

  // What A gains, unit by unit: each unit across loses exactly its part. Land the line takes from a
  // unit not across the replaced stretch means it ran into a third unit.
  const replace = new Map<string, MultiPolygon | null>();
  const gainedM2 = areaOf(gained);
  // What is left of the gain once every unit's part is taken out lies in no unit.
  let beyond: MultiPolygon | null = gained;
  if (gained) {
    const box = geometryBBox(gained);
    for (const id of c.units.keys()) {
      if (id === A || !bboxesOverlap(box, geometryBBox(unitGeometry(c, id)))) continue;
      const part = intersection(unitGeometry(c, id), gained);
      if (!part) continue;
      const m2 = areaOf(part);
      beyond = beyond && difference(beyond, part);
      if (m2 > DUST_M2 && !across.includes(id)) {
        const u = c.units.get(id)!;
        const arcs = new Set(u.polygons.flat(2).map(arcIndex));
        return { refusal: 'self-intersection', at: firstHitOnArcs(c, L, arcs) ?? [part.coordinates[0]![0]![0]![0]!, part.coordinates[0]![0]![0]![1]!], units: [id] };
      }
      const rest = difference(unitGeometry(c, id), gained);
      if (!rest) return 'empty-result';
      replace.set(id, rest);
    }
  }
  // Land beyond the coverage's edge: only where the replaced stretch is that edge.
  if (areaOf(beyond) > DUST_M2 && !across.includes(OUTSIDE)) {
    const once = users.flatMap((us, i) => (us.length === 1 ? [i] : []));
    return { refusal: 'self-intersection', at: firstHitOnArcs(c, L, once) ?? L[Math.floor(L.length / 2)]!, units: [] };
  }
  if (gainedM2 <= DUST_M2 && lostM2 <= DUST_M2) return 'nothing-to-do';
  let aNext: MultiPolygon | null = aGeom;
  if (shares) {
    // A gives up exactly the pieces; those beyond the coverage's edge go to no unit.
    for (const [to, piece] of shares) {
      aNext = aNext && difference(aNext, piece);
      if (to !== OUTSIDE) replace.set(to, union(replace.get(to) ?? unitGeometry(c, to), piece) ?? piece);
    }
  } else if (lost && lostM2 > DUST_M2) {
    aNext = difference(aGeom, lost);
    const to = acrossUnits[0];
    if (to !== undefined) replace.set(to, union(replace.get(to) ?? unitGeometry(c, to), lost) ?? lost);
  }
  if (gained && aNext) aNext = union(aNext, gained);
  if (!aNext) return 'empty-result';
  replace.set(A, aNext);
  return rebuildCoverage(c, unitsWith(c, replace), new Set(replace.keys()));
}

/** Within this (degrees, ≈ 0.1 mm) a node's continuation meets the stretch or the line at its own end. */
const AT_END_DEG = 1e-9;

/**
 * The land A gives up when a line drawn inside A replaces a stretch of its boundary along which the
 * unit across changes: the region between the stretch and the line, cut at each node of the stretch
 * (where the unit across changes) by a straight continuation of the border between the two units
 * across, from the node to the nearest point of the line it can see without crossing the stretch or
 * the line. Each unit across gets the piece next to its own border (OUTSIDE: the coverage's outer edge
 * moves in). Null when a node sees no point of the line after the previous node's cut (the cuts keep
 * their order along the line, so no two cross), or one stretch of the border has two units across (an
 * overlap in the data).
 *
 * `stretch` runs along A's ring from one end of the line to the other; `line` runs the same way.
 */
function shareAtNodes(
  c: Coverage,
  A: string,
  stretch: { readonly points: readonly Position[]; readonly arcs: readonly number[] },
  line: readonly Position[],
  aGeom: MultiPolygon,
): Map<string, MultiPolygon> | null {
  const users = arcUsage(c).unitsByArc;
  // Runs of the stretch with one unit across: [first point index, last point index, unit].
  const runs: { from: number; to: number; unit: string }[] = [];
  for (let i = 0; i + 1 < stretch.points.length; i++) {
    if (samePos(stretch.points[i]!, stretch.points[i + 1]!)) continue;
    const across = [...new Set((users[stretch.arcs[i]!] ?? []).filter((u) => u !== A))];
    if (across.length > 1) return null;
    const unit = across[0] ?? OUTSIDE;
    const last = runs[runs.length - 1];
    if (last && last.unit === unit) last.to = i + 1;
    else runs.push({ from: last ? last.to : 0, to: i + 1, unit });
  }
  if (runs.length < 2) return null;
  // Distances on the ground: longitude scaled by the cosine of the latitude.
  const k = Math.cos((line[0]![1] * Math.PI) / 180);
  // A run with no unit across is not always the province's edge: a neighbour's border can run on A's
  // without sharing its arcs (a border drawn twice), and its land would go to no unit, leaving a gap.
  // The unit there is read a hair beyond A; with none there the run stays OUTSIDE (the edge, or a gap).
  for (const r of runs) if (r.unit === OUTSIDE) r.unit = unitBeyond(c, A, aGeom, stretch.points, r.from, r.to, k) ?? OUTSIDE;
  // A stretch with no unit beyond it between two with units (a gap in the data, a notch of the edge):
  // its land goes to those two units, cut at its middle vertex, rather than to no unit. A reshape moves
  // borders between units; it is not how the province's edge is redrawn, and a gap it grew would be new.
  for (let i = 1; i + 1 < runs.length; i++) {
    const r = runs[i]!;
    if (r.unit !== OUTSIDE || runs[i - 1]!.unit === OUTSIDE || runs[i + 1]!.unit === OUTSIDE) continue;
    const mid = Math.floor((r.from + r.to) / 2);
    runs[i - 1]!.to = mid;
    runs[i + 1]!.from = mid;
    runs.splice(i, 1);
    i--;
  }
  for (let i = runs.length - 1; i > 0; i--) {
    if (runs[i]!.unit !== runs[i - 1]!.unit) continue;
    runs[i - 1]!.to = runs[i]!.to;
    runs.splice(i, 1);
  }
  /** The nearest point of the line to `p`, with its place along the line (segment index + fraction). */
  const nearest = (p: Position): { at: Position; s: number } => {
    let best = { at: line[0]!, s: 0, d: Infinity };
    for (let j = 0; j + 1 < line.length; j++) {
      const v = line[j]!;
      const w = line[j + 1]!;
      const dx = (w[0] - v[0]) * k;
      const dy = w[1] - v[1];
      const len2 = dx * dx + dy * dy;
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - v[0]) * k * dx + (p[1] - v[1]) * dy) / len2));
      const at: Position = t === 0 ? v : t === 1 ? w : [v[0] + t * (w[0] - v[0]), v[1] + t * (w[1] - v[1])];
      const d = Math.hypot((at[0] - p[0]) * k, at[1] - p[1]);
      if (d < best.d) best = { at, s: j + t, d };
    }
    return best;
  };
  const near = (a: Position, b: Position) => Math.hypot((a[0] - b[0]) * k, a[1] - b[1]) <= AT_END_DEG;
  /** Whether the segment n → m meets the path anywhere but at its own ends. */
  const meets = (n: Position, m: Position, path: readonly Position[]) => {
    for (let j = 0; j + 1 < path.length; j++) {
      for (const h of intersectSegments(n, m, path[j]!, path[j + 1]!)) if (!near([h.x, h.y], n) && !near([h.x, h.y], m)) return true;
    }
    return false;
  };
  // The region between the stretch and the line, as one ring, to tell a cut inside it from one outside.
  const region = [...stretch.points, ...[...line].reverse()];
  /** A cut from the node to this point of the line lies inside the region and meets nothing on the way. */
  const clear = (node: Position, at: Position) => {
    const mid: Position = [(node[0] + at[0]) / 2, (node[1] + at[1]) / 2];
    return !near(node, at) && !meets(node, at, stretch.points) && !meets(node, at, line) && pointInRing(mid[0], mid[1], region);
  };
  // The cuts: the ends of the line, and each node joined to its nearest point of the line; where that
  // straight cut is blocked (the stretch bends across it, or it leaves the region), to the nearest point
  // of the line the node can see, so that every cut is a chord of the region and the cuts keep their
  // order along the line (then no two cross).
  const cuts: { node: number; at: Position; s: number }[] = [{ node: 0, at: line[0]!, s: 0 }];
  for (const r of runs.slice(1)) {
    const node = stretch.points[r.from]!;
    const from = cuts[cuts.length - 1]!.s;
    const m = nearest(node);
    const cut = m.s >= from && clear(node, m.at) ? m : visibleOnLine(node, line, from, k, clear);
    if (!cut) return null;
    cuts.push({ node: r.from, at: cut.at, s: cut.s });
  }
  cuts.push({ node: stretch.points.length - 1, at: line[line.length - 1]!, s: line.length - 1 });
  const out = new Map<string, MultiPolygon>();
  runs.forEach((r, i) => {
    const a = cuts[i]!;
    const b = cuts[i + 1]!;
    // Along the stretch from node to node, back along the line from one cut to the other.
    const back: Position[] = [];
    for (let v = Math.ceil(b.s) - 1; v > a.s; v--) if (v < b.s) back.push(line[v]!);
    const ring = dedupe([...stretch.points.slice(a.node, b.node + 1), b.at, ...back, a.at, stretch.points[a.node]!]);
    if (ring.length < 4) return;
    const piece = intersection(polygon(ring), aGeom);
    if (!piece || areaOf(piece) <= DUST_M2) return;
    const had = out.get(r.unit);
    out.set(r.unit, had ? (union(had, piece) ?? piece) : piece);
  });
  return out;
}

/** How far beyond A's border (degrees, about 0.1 m: the sliver tolerance) the unit across is read. */
const BEYOND_DEG = 1e-6;

/**
 * The unit other than A that holds the point BEYOND_DEG beyond A's border at the middle of the longest
 * segment of points[from..to], on the side away from A; null when no unit holds it.
 */
function unitBeyond(c: Coverage, A: string, aGeom: MultiPolygon, points: readonly Position[], from: number, to: number, k: number): string | null {
  let best = -1;
  let bestLen = 0;
  for (let i = from; i < to; i++) {
    const v = points[i]!;
    const w = points[i + 1]!;
    const len = Math.hypot((w[0] - v[0]) * k, w[1] - v[1]);
    if (len > bestLen) [best, bestLen] = [i, len];
  }
  if (best < 0) return null;
  const v = points[best]!;
  const w = points[best + 1]!;
  const mid: Position = [(v[0] + w[0]) / 2, (v[1] + w[1]) / 2];
  // The unit normal on the ground, back in degrees.
  const nx = -(w[1] - v[1]) / bestLen;
  const ny = ((w[0] - v[0]) * k) / bestLen;
  const inside = (p: Position, g: MultiPolygon) => g.coordinates.some((poly) => pointInPolygon(p[0], p[1], poly));
  for (const side of [1, -1]) {
    const probe: Position = [mid[0] + (side * nx * BEYOND_DEG) / k, mid[1] + side * ny * BEYOND_DEG];
    if (inside(probe, aGeom)) continue;
    for (const id of c.units.keys()) {
      if (id === A) continue;
      const g = unitGeometry(c, id);
      const b = geometryBBox(g);
      if (probe[0] < b[0] || probe[0] > b[2] || probe[1] < b[1] || probe[1] > b[3]) continue;
      if (inside(probe, g)) return id;
    }
  }
  return null;
}

/** Points tried per segment of the line when the nearest point of the line is not in sight of a node. */
const SIGHT_SAMPLES = 32;

/**
 * The nearest point of `line` at or after place `from` (segment index + fraction) that `clear` accepts,
 * tried among the line's vertices, each segment's point nearest to `p`, and SIGHT_SAMPLES points along
 * each segment, nearest first. Null when none is.
 */
function visibleOnLine(
  p: Position,
  line: readonly Position[],
  from: number,
  k: number,
  clear: (p: Position, at: Position) => boolean,
): { at: Position; s: number } | null {
  const tries: { at: Position; s: number; d: number }[] = [];
  const add = (j: number, t: number) => {
    const s = j + t;
    if (s < from) return;
    const v = line[j]!;
    const w = line[Math.min(j + 1, line.length - 1)]!;
    const at: Position = t === 0 ? v : t === 1 ? w : [v[0] + t * (w[0] - v[0]), v[1] + t * (w[1] - v[1])];
    tries.push({ at, s, d: Math.hypot((at[0] - p[0]) * k, at[1] - p[1]) });
  };
  for (let j = Math.floor(from); j + 1 < line.length; j++) {
    const v = line[j]!;
    const w = line[j + 1]!;
    const dx = (w[0] - v[0]) * k;
    const dy = w[1] - v[1];
    const len2 = dx * dx + dy * dy;
    if (len2 > 0) add(j, Math.max(0, Math.min(1, ((p[0] - v[0]) * k * dx + (p[1] - v[1]) * dy) / len2)));
    for (let i = 0; i <= SIGHT_SAMPLES; i++) add(j, i / SIGHT_SAMPLES);
  }
  tries.sort((a, b) => a.d - b.d);
  return tries.find((t) => clear(p, t.at)) ?? null;
}

function plan(c: Coverage, line: readonly Position[], toleranceDeg: number, selected: string | null): Coverage | Refusal | ReshapeCrossing {
  const r = planOnBorder(c, line, toleranceDeg);
  return r === 'line-not-on-border' ? planAcross(c, line, toleranceDeg, selected) : r;
}

/** Why this reshape is refused, with the point and units when there are some; null when it is not. */
export function reshapeCrossing(c: Coverage, line: readonly Position[], toleranceDeg: number, selected: string | null = null): ReshapeCrossing | null {
  const r = plan(c, line, toleranceDeg, selected);
  return typeof r === 'object' && 'refusal' in r ? r : null;
}

/**
 * Reshapes with `line`, whose ends lie on borders within `toleranceDeg`. `selected` says which unit is
 * reshaped when the ends lie on more than one unit's boundary and not on one border.
 */
export function actionReshapeBorder(line: readonly Position[], toleranceDeg: number, selected: string | null = null): Action<Coverage> {
  // disabled(c) and then the action on the same coverage plan once (the booleans cost tens of ms).
  let memo: { c: Coverage; r: Coverage | Refusal | ReshapeCrossing } | null = null;
  const planned = (c: Coverage) => {
    if (memo?.c !== c) memo = { c, r: plan(c, line, toleranceDeg, selected) };
    return memo.r;
  };
  return makeAction(
    (c) => {
      const r = planned(c);
      return typeof r === 'string' || 'refusal' in r ? c : r;
    },
    (c) => {
      const r = planned(c);
      return typeof r === 'string' ? r : 'refusal' in r ? r.refusal : false;
    },
  );
}
