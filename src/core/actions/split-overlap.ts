// Resolve an overlap by splitting it along its middle: each unit keeps the half on its own side. The
// piece P = A ∩ B is bounded by a stretch of A's border (chain a) and a stretch of B's (chain b); the
// middle line is drawn between them by averaging the two chains at equal fractions of their length.
// The half next to chain a lies at A's edge, so it goes to B, and the half next to chain b goes to A.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { Coverage } from '../model/types';
import { arcIndex } from '../model/types';
import { unitGeometry } from '../geom/unit-measure';
import { difference } from '../geom/boolean';
import { locateOnArcs } from '../topology/locate';
import { rebuildCoverage, unitsWith } from '../topology/rebuild';
import { makeAction, type Action } from './refusal';

/** Within this distance (degrees, ≈ 1 cm) a piece's edge counts as lying on a unit's border. */
const ON_BORDER = 1e-7;
const SAMPLES = 64;

type Side = 'a' | 'b' | '?';

function sideOf(c: Coverage, p: Position, q: Position, arcsA: Set<number>, arcsB: Set<number>): Side {
  const mid: [number, number] = [(p[0]! + q[0]!) / 2, (p[1]! + q[1]!) / 2];
  if (locateOnArcs(c, mid, ON_BORDER, (x) => arcsA.has(x))) return 'a';
  if (locateOnArcs(c, mid, ON_BORDER, (x) => arcsB.has(x))) return 'b';
  return '?';
}

function lengthAlong(line: Position[]): number[] {
  const out = [0];
  for (let i = 1; i < line.length; i++) out.push(out[i - 1]! + Math.hypot(line[i]![0]! - line[i - 1]![0]!, line[i]![1]! - line[i - 1]![1]!));
  return out;
}

function pointAt(line: Position[], cum: number[], f: number): Position {
  const target = f * cum[cum.length - 1]!;
  let i = 1;
  while (i < cum.length - 1 && cum[i]! < target) i++;
  const seg = cum[i]! - cum[i - 1]!;
  const t = seg === 0 ? 0 : (target - cum[i - 1]!) / seg;
  const p = line[i - 1]!;
  const q = line[i]!;
  return [p[0]! + t * (q[0]! - p[0]!), p[1]! + t * (q[1]! - p[1]!)];
}

/** The two halves of one piece (a polygon without holes), or null when its border is not two chains. */
function halves(c: Coverage, ring: Position[], arcsA: Set<number>, arcsB: Set<number>): { nearA: Polygon; nearB: Polygon } | null {
  const pts = ring.slice(0, -1);
  const n = pts.length;
  const sides: Side[] = pts.map((p, i) => sideOf(c, p, pts[(i + 1) % n]!, arcsA, arcsB));
  // Edges on neither border (crossing points rounded apart) take their neighbour's side.
  for (let k = 0; k < n && sides.includes('?'); k++) {
    for (let i = 0; i < n; i++) if (sides[i] === '?' && sides[(i + n - 1) % n] !== '?') sides[i] = sides[(i + n - 1) % n]!;
  }
  const changes = sides.map((s, i) => (s !== sides[(i + n - 1) % n] ? i : -1)).filter((i) => i >= 0);
  if (changes.length !== 2 || sides.includes('?')) return null;
  const [i0, i1] = changes as [number, number];
  const walk = (from: number, to: number): Position[] => {
    const out: Position[] = [];
    for (let i = from; ; i = (i + 1) % n) {
      out.push(pts[i]!);
      if (i === to) break;
    }
    return out;
  };
  // Edge i runs from pts[i] to pts[i+1]; a chain of side s starts at the vertex where s begins.
  const chain1 = walk(i0, i1); // from pts[i0] to pts[i1], edges of side sides[i0]
  const chain2 = walk(i1, i0); // back from pts[i1] to pts[i0]
  const side1 = sides[i0]!;
  // Middle line from pts[i0] to pts[i1]: average chain1 forward and chain2 backward.
  const back = [...chain2].reverse();
  const c1 = lengthAlong(chain1);
  const c2 = lengthAlong(back);
  const middle: Position[] = [];
  for (let k = 1; k < SAMPLES; k++) {
    const f = k / SAMPLES;
    const p = pointAt(chain1, c1, f);
    const q = pointAt(back, c2, f);
    middle.push([(p[0]! + q[0]!) / 2, (p[1]! + q[1]!) / 2]);
  }
  const start = pts[i0]!;
  const near1: Polygon = { type: 'Polygon', coordinates: [[...chain1, ...[...middle].reverse(), start]] };
  // chain2 runs from end back to start, which closes the ring.
  const near2: Polygon = { type: 'Polygon', coordinates: [[start, ...middle, ...chain2]] };
  return side1 === 'a' ? { nearA: near1, nearB: near2 } : { nearA: near2, nearB: near1 };
}

export function actionSplitOverlap(piece: MultiPolygon, a: string, b: string): Action<Coverage> {
  const plan = (c: Coverage) => {
    const ua = c.units.get(a);
    const ub = c.units.get(b);
    if (!ua || !ub) return null;
    const arcsA = new Set(ua.polygons.flatMap((p) => p.flatMap((r) => r.map(arcIndex))));
    const arcsB = new Set(ub.polygons.flatMap((p) => p.flatMap((r) => r.map(arcIndex))));
    const toA: Polygon[] = []; // the halves A keeps (cut from B)
    const toB: Polygon[] = []; // the halves B keeps (cut from A)
    for (const poly of piece.coordinates) {
      if (poly.length !== 1) return null;
      const h = halves(c, poly[0]!, arcsA, arcsB);
      if (!h) return null;
      toB.push(h.nearA);
      toA.push(h.nearB);
    }
    const multi = (ps: Polygon[]): MultiPolygon => ({ type: 'MultiPolygon', coordinates: ps.map((p) => p.coordinates) });
    return { cutFromA: multi(toB), cutFromB: multi(toA) };
  };
  return makeAction(
    (c) => {
      const p = plan(c);
      if (!p) return c;
      const newA = difference(unitGeometry(c, a), p.cutFromA);
      const newB = difference(unitGeometry(c, b), p.cutFromB);
      return rebuildCoverage(c, unitsWith(c, new Map([[a, newA], [b, newB]])), new Set([a, b]));
    },
    (c) => {
      if (!c.units.has(a) || !c.units.has(b)) return 'unknown-unit';
      return plan(c) ? false : 'cannot-split';
    },
  );
}
