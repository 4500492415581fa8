// Measures of overlay faces and of pieces made of several faces, in metres on the ellipsoid.
import type { MultiPolygon, Position } from 'geojson';
import { distanceM, ringAreaM2 } from '../geom/geodesic';
import { interiorPoint } from '../geom/interior-point';
import { pointInRing } from '../geom/point-in-ring';
import { halfHead, halfTail } from './arrangement';
import type { Overlay, OverlayFace } from './overlay';

// Geodesic measures are the costly part of overlap and gap issues. Face objects are immutable, and a
// patched overlay (overlay-patch.ts) keeps the very object of every face none of whose nodes moved, so
// measures cached per face object stay right and an edit pays only for the faces it reshaped.
const areas = new WeakMap<OverlayFace, number>();
const lengths = new WeakMap<OverlayFace, Float64Array>();

export function faceAreaM2(f: OverlayFace): number {
  let a = areas.get(f);
  if (a === undefined) {
    a = ringAreaM2(f.rings[0]!);
    for (let i = 1; i < f.rings.length; i++) a -= ringAreaM2(f.rings[i]!);
    a = Math.max(0, a);
    areas.set(f, a);
  }
  return a;
}

/** Lengths (m) of faceHalfEdges(ov, f), in the same order. */
export function faceHalfEdgeLengthsM(ov: Overlay, f: OverlayFace): Float64Array {
  let l = lengths.get(f);
  if (!l) {
    const hs = faceHalfEdges(ov, f);
    l = new Float64Array(hs.length);
    for (let i = 0; i < hs.length; i++) l[i] = halfEdgeLengthM(ov, hs[i]!);
    lengths.set(f, l);
  }
  return l;
}

/** All half-edges of a face: its outer cycle and its holes. */
export function faceHalfEdges(ov: Overlay, f: OverlayFace): number[] {
  const out = [...ov.g.cycles[f.cycle]!.halfEdges];
  for (const h of f.holes) out.push(...ov.g.cycles[h]!.halfEdges);
  return out;
}

export function halfEdgeLengthM(ov: Overlay, h: number): number {
  const g = ov.g;
  const a = halfTail(g, h);
  const b = halfHead(g, h);
  return distanceM([g.xs[a]!, g.ys[a]!], [g.xs[b]!, g.ys[b]!]);
}

/**
 * Perimeter (m) of the union of `faces`: the half-edges whose other side is not one of them. Edges
 * between two faces of the same piece are inside it and do not count.
 */
export function piecePerimeterM(ov: Overlay, faces: ReadonlySet<number>): number {
  let p = 0;
  for (const fi of faces) {
    const f = ov.faces[fi]!;
    const hs = faceHalfEdges(ov, f);
    const l = faceHalfEdgeLengthsM(ov, f);
    for (let i = 0; i < hs.length; i++) {
      const other = ov.faceOfCycle[ov.g.cycleOf[hs[i]! ^ 1]!]!;
      if (!faces.has(other)) p += l[i]!;
    }
  }
  return p;
}

/**
 * A representative location of a face, strictly inside it: its area centroid when that falls inside
 * (stable under small edits elsewhere on the face), else GEOS's interior point (thin, curved pieces).
 */
export function faceLocation(f: OverlayFace): [number, number] {
  const ring = f.rings[0]!;
  const x0 = ring[0]![0];
  const y0 = ring[0]![1];
  let a = 0, cx = 0, cy = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const xi = ring[i]![0] - x0, yi = ring[i]![1] - y0;
    const xj = ring[i + 1]![0] - x0, yj = ring[i + 1]![1] - y0;
    const cross = xi * yj - xj * yi;
    a += cross;
    cx += (xi + xj) * cross;
    cy += (yi + yj) * cross;
  }
  if (a !== 0) {
    const x = x0 + cx / (3 * a);
    const y = y0 + cy / (3 * a);
    if (pointInRing(x, y, ring) && !f.rings.slice(1).some((r) => pointInRing(x, y, r))) return [x, y];
  }
  return interiorPoint(f.rings) ?? [x0, y0];
}

export function facesToMultiPolygon(faces: readonly OverlayFace[]): MultiPolygon {
  return {
    type: 'MultiPolygon',
    coordinates: faces.map((f) => f.rings.map((r) => r.map((p): Position => [p[0], p[1]]))),
  };
}
