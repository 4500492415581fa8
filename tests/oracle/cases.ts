// Seeded, realistic defects planted in real provinces, for the differential test against GEOS. A case is
// a cluster of real units (one unit and the units around it) with one to three edits applied the way
// real edits and real files go wrong: a unit grown or shrunk along one neighbour, shifted, a spike or a
// vertex moved on one side of a shared border, a unit deleted or duplicated, a hole punched, a bow-tie,
// rings started at another vertex; features shuffled; sometimes checked against an outline.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { mulberry32, pick } from '../helpers/random';
import { booleanOp, bufferM, dissolve, type CodedFeature } from './geos';

export const PROVINCES = ['haiphong', 'hanoi', 'laocai', 'sonla'] as const;
export type ProvinceName = (typeof PROVINCES)[number];

const cache = new Map<ProvinceName, CodedFeature[]>();

export function provinceFeatures(p: ProvinceName): CodedFeature[] {
  let fs = cache.get(p);
  if (!fs) {
    const path = join(import.meta.dirname, '..', '..', 'geodata', 'src', `${p}_communes_2025.geojson`);
    const fc = JSON.parse(readFileSync(path, 'utf8')) as { features: CodedFeature[] };
    fs = fc.features.map((f) => ({ type: 'Feature', properties: { ...f.properties, code: String(f.properties.code) }, geometry: f.geometry }));
    cache.set(p, fs);
  }
  return fs;
}

export interface Case {
  readonly seed: number;
  readonly province: ProvinceName;
  /** What was done, for the failure message. */
  readonly edits: readonly string[];
  readonly features: readonly CodedFeature[];
  readonly outline?: MultiPolygon;
}

type Rng = () => number;
type Geom = Polygon | MultiPolygon;

const between = (rng: Rng, lo: number, hi: number) => lo + (hi - lo) * rng();
/** Log-uniform in [lo, hi]: as many centimetre cases as ten-metre ones. */
const logBetween = (rng: Rng, lo: number, hi: number) => Math.exp(between(rng, Math.log(lo), Math.log(hi)));

function bbox(g: Geom): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of g.type === 'Polygon' ? [g.coordinates] : g.coordinates) for (const r of poly) for (const p of r) {
    b[0] = Math.min(b[0], p[0]!);
    b[1] = Math.min(b[1], p[1]!);
    b[2] = Math.max(b[2], p[0]!);
    b[3] = Math.max(b[3], p[1]!);
  }
  return b;
}

const polys = (g: Geom): Position[][][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);
const key = (p: Position) => `${p[0]} ${p[1]}`;
const clone = (g: Geom): MultiPolygon => ({ type: 'MultiPolygon', coordinates: polys(g).map((p) => p.map((r) => r.map((q) => [q[0]!, q[1]!]))) });

/** One unit and up to `max` units whose boxes meet its box (its neighbours and a few more). */
function cluster(rng: Rng, all: readonly CodedFeature[], max: number): CodedFeature[] {
  const centre = pick(rng, all);
  const b = bbox(centre.geometry);
  const near = all.filter((f) => {
    if (f === centre) return false;
    const o = bbox(f.geometry);
    return !(o[0] > b[2] || b[0] > o[2] || o[1] > b[3] || b[1] > o[3]);
  });
  const chosen = [centre];
  while (chosen.length <= max && near.length > 0) chosen.push(near.splice(Math.floor(rng() * near.length), 1)[0]!);
  return chosen;
}

/** Indices of pairs of units sharing at least two vertices (neighbours in the data). */
function neighbourPairs(fs: readonly CodedFeature[]): [number, number][] {
  const owner = new Map<string, Set<number>>();
  fs.forEach((f, i) => {
    for (const poly of polys(f.geometry)) for (const r of poly) for (const p of r) {
      const k = key(p);
      let s = owner.get(k);
      if (!s) owner.set(k, (s = new Set()));
      s.add(i);
    }
  });
  const count = new Map<string, number>();
  for (const s of owner.values()) {
    if (s.size < 2) continue;
    const l = [...s].sort((a, b) => a - b);
    for (let i = 0; i < l.length; i++) for (let j = i + 1; j < l.length; j++) count.set(`${l[i]} ${l[j]}`, (count.get(`${l[i]} ${l[j]}`) ?? 0) + 1);
  }
  return [...count.entries()].filter(([, n]) => n >= 2).map(([k]) => k.split(' ').map(Number) as [number, number]);
}

/** Vertices of a that are also vertices of b (their shared border), as [polygon, ring, index]. */
function sharedVertices(a: Geom, b: Geom): [number, number, number][] {
  const inB = new Set<string>();
  for (const poly of polys(b)) for (const r of poly) for (const p of r) inB.add(key(p));
  const out: [number, number, number][] = [];
  polys(a).forEach((poly, pi) => poly.forEach((r, ri) => r.forEach((p, i) => {
    if (i > 0 && i < r.length - 1 && inB.has(key(p))) out.push([pi, ri, i]);
  })));
  return out;
}

const M_PER_DEG = 111_320;
function offset(p: Position, dxM: number, dyM: number): Position {
  return [p[0]! + dxM / (M_PER_DEG * Math.cos((p[1]! * Math.PI) / 180)), p[1]! + dyM / M_PER_DEG];
}

type Edit = (rng: Rng, fs: CodedFeature[]) => Promise<string | null>;

const replace = (fs: CodedFeature[], i: number, geometry: Geom) => {
  fs[i] = { ...fs[i]!, geometry };
};

const grow: Edit = async (rng, fs) => {
  const pairs = neighbourPairs(fs);
  if (pairs.length === 0) return null;
  const [i, j] = pick(rng, pairs);
  const [a, b] = rng() < 0.5 ? [i, j] : [j, i];
  const d = logBetween(rng, 0.02, 40);
  const buf = await bufferM(fs[a]!.geometry, d);
  if (!buf) return null;
  const strip = await booleanOp('intersection', buf, fs[b]!.geometry);
  if (!strip) return null;
  const grown = await booleanOp('union', fs[a]!.geometry, strip);
  if (!grown) return null;
  replace(fs, a, grown);
  return `grow ${fs[a]!.properties.code} ${d.toFixed(3)} m into ${fs[b]!.properties.code}`;
};

const shrink: Edit = async (rng, fs) => {
  const pairs = neighbourPairs(fs);
  if (pairs.length === 0) return null;
  const [i, j] = pick(rng, pairs);
  const [a, b] = rng() < 0.5 ? [i, j] : [j, i];
  const d = logBetween(rng, 0.02, 40);
  const buf = await bufferM(fs[b]!.geometry, d);
  if (!buf) return null;
  const strip = await booleanOp('intersection', buf, fs[a]!.geometry);
  if (!strip) return null;
  const shrunk = await booleanOp('difference', fs[a]!.geometry, strip);
  if (!shrunk) return null;
  replace(fs, a, shrunk);
  return `shrink ${fs[a]!.properties.code} ${d.toFixed(3)} m away from ${fs[b]!.properties.code}`;
};

const shift: Edit = async (rng, fs) => {
  const i = Math.floor(rng() * fs.length);
  const d = logBetween(rng, 0.05, 20);
  const ang = between(rng, 0, 2 * Math.PI);
  const g = clone(fs[i]!.geometry);
  g.coordinates = g.coordinates.map((p) => p.map((r) => r.map((q) => offset(q, d * Math.cos(ang), d * Math.sin(ang)))));
  replace(fs, i, g);
  return `shift ${fs[i]!.properties.code} ${d.toFixed(3)} m`;
};

/** Moves one vertex of a shared border in one unit only: a spike (far) or a one-sided nudge (near). */
const moveOneSide = (far: boolean): Edit => async (rng, fs) => {
  const pairs = neighbourPairs(fs);
  if (pairs.length === 0) return null;
  const [a, b] = pick(rng, pairs);
  const shared = sharedVertices(fs[a]!.geometry, fs[b]!.geometry);
  if (shared.length === 0) return null;
  const [pi, ri, vi] = pick(rng, shared);
  const d = far ? between(rng, 20, 300) : logBetween(rng, 0.01, 5);
  const ang = between(rng, 0, 2 * Math.PI);
  const g = clone(fs[a]!.geometry);
  const ring = g.coordinates[pi]![ri]!;
  ring[vi] = offset(ring[vi]!, d * Math.cos(ang), d * Math.sin(ang));
  replace(fs, a, g);
  return `${far ? 'spike' : 'nudge'} vertex ${vi} of ${fs[a]!.properties.code} by ${d.toFixed(3)} m (shared with ${fs[b]!.properties.code})`;
};

const remove: Edit = async (rng, fs) => {
  if (fs.length < 3) return null;
  const i = Math.floor(rng() * fs.length);
  const [gone] = fs.splice(i, 1);
  return `delete ${gone!.properties.code}`;
};

const duplicate: Edit = async (rng, fs) => {
  const i = Math.floor(rng() * fs.length);
  const code = `9${fs[i]!.properties.code.slice(1)}`;
  if (fs.some((f) => f.properties.code === code)) return null;
  fs.push({ type: 'Feature', properties: { ...fs[i]!.properties, code }, geometry: clone(fs[i]!.geometry) });
  return `duplicate ${fs[i]!.properties.code} as ${code}`;
};

const hole: Edit = async (rng, fs) => {
  const i = Math.floor(rng() * fs.length);
  const g = fs[i]!.geometry;
  const b = bbox(g);
  const r = logBetween(rng, 0.5, 200);
  // A small square around a random point of the box, kept only if it lies inside the unit.
  const c: Position = [between(rng, b[0], b[2]), between(rng, b[1], b[3])];
  const sq: Position[] = [offset(c, -r, -r), offset(c, r, -r), offset(c, r, r), offset(c, -r, r)];
  sq.push(sq[0]!);
  const square: Polygon = { type: 'Polygon', coordinates: [sq] };
  const outside = await booleanOp('difference', square, g);
  if (outside) return null;
  const punched = await booleanOp('difference', g, square);
  if (!punched) return null;
  replace(fs, i, punched);
  return `hole ${(2 * r).toFixed(2)} m wide in ${fs[i]!.properties.code}`;
};

const bowtie: Edit = async (rng, fs) => {
  const pairs = neighbourPairs(fs);
  if (pairs.length === 0) return null;
  const [a, b] = pick(rng, pairs);
  const shared = sharedVertices(fs[a]!.geometry, fs[b]!.geometry).filter(([pi, ri, vi]) => vi + 2 < polys(fs[a]!.geometry)[pi]![ri]!.length - 1);
  if (shared.length === 0) return null;
  const [pi, ri, vi] = pick(rng, shared);
  const g = clone(fs[a]!.geometry);
  const ring = g.coordinates[pi]![ri]!;
  const t = ring[vi]!;
  ring[vi] = ring[vi + 1]!;
  ring[vi + 1] = t;
  replace(fs, a, g);
  return `bow-tie at vertex ${vi} of ${fs[a]!.properties.code}`;
};

/** A vertex moved onto another vertex of its ring: the ring touches itself there (a pinch). */
const pinch: Edit = async (rng, fs) => {
  const i = Math.floor(rng() * fs.length);
  const g = clone(fs[i]!.geometry);
  const ring = g.coordinates[0]![0]!;
  const n = ring.length - 1; // open length
  if (n < 8) return null;
  const vi = 1 + Math.floor(rng() * (n - 2));
  const gap = 3 + Math.floor(rng() * Math.min(20, n - 6));
  const vj = (vi + gap) % n;
  if (vj === 0 || Math.abs(vj - vi) < 3 || n - Math.abs(vj - vi) < 3) return null;
  ring[vj] = [ring[vi]![0]!, ring[vi]![1]!];
  replace(fs, i, g);
  return `ring of ${fs[i]!.properties.code} pinched: vertex ${vj} moved onto vertex ${vi}`;
};

const rotateRings: Edit = async (rng, fs) => {
  const i = Math.floor(rng() * fs.length);
  const g = clone(fs[i]!.geometry);
  g.coordinates = g.coordinates.map((p) => p.map((r) => {
    const open = r.slice(0, -1);
    const k = Math.floor(rng() * open.length);
    const rot = [...open.slice(k), ...open.slice(0, k)];
    return [...rot, rot[0]!];
  }));
  replace(fs, i, g);
  return `rings of ${fs[i]!.properties.code} start elsewhere`;
};

const EDITS: readonly [string, Edit, number][] = [
  ['grow', grow, 4],
  ['shrink', shrink, 3],
  ['shift', shift, 2],
  ['spike', moveOneSide(true), 2],
  ['nudge', moveOneSide(false), 2],
  ['delete', remove, 1],
  ['duplicate', duplicate, 1],
  ['hole', hole, 1],
  ['bowtie', bowtie, 1],
  ['rotate', rotateRings, 1],
  ['pinch', pinch, 1],
];

function pickEdit(rng: Rng): Edit {
  const total = EDITS.reduce((s, e) => s + e[2], 0);
  let x = rng() * total;
  for (const [, e, w] of EDITS) {
    x -= w;
    if (x < 0) return e;
  }
  return EDITS[0]![1];
}

function shuffle<T>(rng: Rng, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/** The case of one seed: always the same features for the same seed. */
export async function makeCase(seed: number): Promise<Case> {
  const rng = mulberry32(seed);
  const province = pick(rng, PROVINCES);
  const original = cluster(rng, provinceFeatures(province), 3 + Math.floor(rng() * 6));
  const fs = [...original];
  const edits: string[] = [];
  const n = 1 + Math.floor(rng() * 3);
  for (let tries = 0; edits.length < n && tries < 12; tries++) {
    // GEOS refuses some operations on a unit an earlier edit made invalid (a bow-tie): that edit is
    // then not made, and the case goes on with the next.
    const done = await pickEdit(rng)(rng, fs).catch((e: unknown) => {
      if (e instanceof Error && /TopologyException|IllegalArgumentException/.test(e.message)) return null;
      throw e;
    });
    if (done) edits.push(done);
  }
  shuffle(rng, fs);
  const withOutline = rng() < 0.25;
  if (!withOutline) return { seed, province, edits, features: fs };
  // The coverage's own dissolved outline (before the edits), sometimes without one of its units.
  const base = rng() < 0.3 && original.length > 2 ? original.filter((_, i) => i !== 1) : original;
  edits.push(base === original ? 'outline: the cluster dissolved' : `outline: the cluster without ${original[1]!.properties.code}, dissolved`);
  return { seed, province, edits, features: fs, outline: await dissolve(base) };
}
