// Decoder of the prepared per-province topology files (public/data/provinces/*.bin, written by
// geodata/prepare-national.mjs; the format is described in geodata/README.md). Pure: no DOM, runs in the
// page, a worker and Node alike.
//
// A file is a topology, as TopoJSON encodes it: every border is one arc, stored once, and each unit's
// rings are lists of arc references (~i = arc i reversed). Arcs hold integer coordinates on a grid of
// 10^-decimals degrees, delta-encoded as zigzag LEB128 varints; the few source coordinates that are off
// that grid are stored exactly beside it. Decoding gives every coordinate of every unit back exactly
// (the same doubles as the source GeoJSON), with each ring starting at its source's first vertex.
//
//   bytes 0-3   "DGT1"
//   bytes 4-7   header length H, uint32 little-endian
//   next H      header, UTF-8 JSON (TopologyFileHeader)
//   the rest    arcs: per arc, varint vertex count n >= 2, then n pairs of zigzag varint (dx, dy),
//               each the difference from the previous vertex of the stream (the first from 0, 0)
import type { Feature, MultiPolygon, Position as GeoPosition } from 'geojson';
import type { Coverage, Position } from '../core/model/types';
import { coverageFromFeatures } from '../core/model/from-geojson';

export const TOPOLOGY_FILE_MAGIC = 'DGT1';
export const TOPOLOGY_FILE_VERSION = 1;

export type TopologyFileFault =
  | 'bad-magic'
  | 'unsupported-version'
  | 'truncated'
  | 'bad-header'
  | 'bad-arcs'
  | 'bad-reference'
  | 'bad-ring';

/** A province file that cannot be used: which file, what is wrong, where. */
export class TopologyFileError extends Error {
  constructor(
    readonly file: string,
    readonly fault: TopologyFileFault,
    readonly detail: string,
  ) {
    super(`${file}: ${fault}: ${detail}`);
    this.name = 'TopologyFileError';
  }
}

/** One unit (or, in the context layer, one old commune): attributes and rings of arc references. */
export interface TopologyFileFeature {
  readonly id: string;
  readonly properties: Readonly<Record<string, unknown>>;
  /** MultiPolygon: polygons → rings (first = shell) → arc references. */
  readonly polygons: readonly (readonly (readonly number[])[])[];
}

export interface TopologyFileHeader {
  readonly format: 'dia-gioi-topology';
  readonly version: number;
  /** "units-2025" (the province's new units) or "communes-2008" (old communes, context only). */
  readonly layer: string;
  readonly province: { readonly code: string; readonly name: string; readonly resolution?: string };
  /** Grid of the stored integers: 10^-decimals degrees. */
  readonly decimals: number;
  readonly arcCount: number;
  /** Vertices stored in all arcs together (after sharing). */
  readonly arcVertices: number;
  /** Source coordinates that are not on the grid, exactly: [arc, vertex, lon, lat]. */
  readonly offGrid: readonly (readonly [number, number, number, number])[];
  readonly features: readonly TopologyFileFeature[];
}

export interface DecodedTopologyFile {
  readonly header: TopologyFileHeader;
  /** Indexed by arc number; positions are exact source coordinates, [lon, lat]. */
  readonly arcs: readonly (readonly Position[])[];
}

const MAX_DECIMALS = 9;
/** Varints longer than this would exceed 2^49 and lose integer precision in the deltas' sum. */
const MAX_VARINT_BYTES = 7;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function readHeader(file: string, bytes: Uint8Array): { header: TopologyFileHeader; arcsStart: number } {
  if (bytes.length < 8) throw new TopologyFileError(file, 'truncated', `${bytes.length} bytes, fewer than the 8 of the preamble`);
  const magic = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
  if (magic !== TOPOLOGY_FILE_MAGIC) throw new TopologyFileError(file, 'bad-magic', `starts with ${JSON.stringify(magic)}, not "${TOPOLOGY_FILE_MAGIC}"`);
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  if (8 + length > bytes.length) throw new TopologyFileError(file, 'truncated', `header of ${length} bytes, only ${bytes.length - 8} follow`);
  let h: unknown;
  try {
    h = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + length)));
  } catch (e) {
    throw new TopologyFileError(file, 'bad-header', `not UTF-8 JSON (${(e as Error).message})`);
  }
  if (!isObject(h) || h.format !== 'dia-gioi-topology') throw new TopologyFileError(file, 'bad-header', 'format is not "dia-gioi-topology"');
  if (h.version !== TOPOLOGY_FILE_VERSION) {
    throw new TopologyFileError(file, 'unsupported-version', `version ${JSON.stringify(h.version)}, this decoder reads ${TOPOLOGY_FILE_VERSION}`);
  }
  const p = h.province;
  if (!isObject(p) || typeof p.code !== 'string' || typeof p.name !== 'string') throw new TopologyFileError(file, 'bad-header', 'province needs a code and a name');
  if (typeof h.layer !== 'string') throw new TopologyFileError(file, 'bad-header', 'layer is missing');
  if (!isCount(h.decimals) || h.decimals > MAX_DECIMALS) throw new TopologyFileError(file, 'bad-header', `decimals ${JSON.stringify(h.decimals)} is not 0–${MAX_DECIMALS}`);
  for (const k of ['arcCount', 'arcVertices'] as const) {
    if (!isCount(h[k])) throw new TopologyFileError(file, 'bad-header', `${k} ${JSON.stringify(h[k])} is not a count`);
  }
  if (!Array.isArray(h.offGrid)) throw new TopologyFileError(file, 'bad-header', 'offGrid is not a list');
  for (const [i, o] of (h.offGrid as unknown[]).entries()) {
    if (!Array.isArray(o) || o.length !== 4 || !isCount(o[0]) || !isCount(o[1]) || !o.slice(2).every((c) => typeof c === 'number' && Number.isFinite(c))) {
      throw new TopologyFileError(file, 'bad-header', `offGrid[${i}] is not [arc, vertex, lon, lat]`);
    }
  }
  if (!Array.isArray(h.features)) throw new TopologyFileError(file, 'bad-header', 'features is not a list');
  for (const [i, f] of (h.features as unknown[]).entries()) {
    if (!isObject(f) || typeof f.id !== 'string' || !isObject(f.properties) || !Array.isArray(f.polygons)) {
      throw new TopologyFileError(file, 'bad-header', `feature ${i} needs an id, properties and polygons`);
    }
  }
  return { header: h as unknown as TopologyFileHeader, arcsStart: 8 + length };
}

function readArcs(file: string, bytes: Uint8Array, start: number, header: TopologyFileHeader): Position[][] {
  const scale = 10 ** header.decimals;
  let at = start;
  const varint = (): number => {
    let value = 0;
    let factor = 1;
    for (let i = 0; i < MAX_VARINT_BYTES; i++) {
      if (at >= bytes.length) throw new TopologyFileError(file, 'truncated', `arc stream ends inside a number at byte ${at}`);
      const b = bytes[at++]!;
      value += (b & 0x7f) * factor;
      if (b < 0x80) return value;
      factor *= 128;
    }
    throw new TopologyFileError(file, 'bad-arcs', `number longer than ${MAX_VARINT_BYTES} bytes at byte ${at}`);
  };
  const zigzag = (): number => {
    const v = varint();
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  };
  const arcs: Position[][] = new Array<Position[]>(header.arcCount);
  let x = 0;
  let y = 0;
  let total = 0;
  for (let a = 0; a < header.arcCount; a++) {
    const n = varint();
    if (n < 2) throw new TopologyFileError(file, 'bad-arcs', `arc ${a} has ${n} vertices, at least 2 expected`);
    total += n;
    if (total > header.arcVertices) throw new TopologyFileError(file, 'bad-arcs', `more than the ${header.arcVertices} vertices the header announces`);
    const arc = new Array<Position>(n);
    for (let v = 0; v < n; v++) {
      x += zigzag();
      y += zigzag();
      // Division, not multiplication by 10^-d: q / 10^d is the double nearest to the decimal, as the source's parse was.
      const lon = x / scale;
      const lat = y / scale;
      if (!(Math.abs(lon) <= 180 && Math.abs(lat) <= 90)) throw new TopologyFileError(file, 'bad-arcs', `arc ${a} vertex ${v} (${lon}, ${lat}) is not lon/lat`);
      arc[v] = [lon, lat];
    }
    arcs[a] = arc;
  }
  if (total !== header.arcVertices) throw new TopologyFileError(file, 'bad-arcs', `${total} vertices, the header announces ${header.arcVertices}`);
  if (at !== bytes.length) throw new TopologyFileError(file, 'bad-arcs', `${bytes.length - at} bytes after the last arc`);
  for (const [arc, vertex, lon, lat] of header.offGrid) {
    const a = arcs[arc];
    if (!a || vertex >= a.length) throw new TopologyFileError(file, 'bad-header', `offGrid names arc ${arc} vertex ${vertex}, which does not exist`);
    const [gx, gy] = a[vertex]!;
    // The stored integer is the coordinate rounded to the grid: an exact value far from it is a broken file.
    if (Math.abs(gx - lon) * scale > 0.5 + 1e-6 || Math.abs(gy - lat) * scale > 0.5 + 1e-6) {
      throw new TopologyFileError(file, 'bad-header', `offGrid value (${lon}, ${lat}) of arc ${arc} vertex ${vertex} is not near (${gx}, ${gy})`);
    }
    a[vertex] = [lon, lat];
  }
  return arcs;
}

function checkRings(file: string, header: TopologyFileHeader, arcs: readonly (readonly Position[])[]): void {
  const endOf = (ref: number, last: boolean): Position => {
    const a = arcs[ref < 0 ? ~ref : ref]!;
    return (ref < 0) !== last ? a[a.length - 1]! : a[0]!;
  };
  const same = (p: Position, q: Position) => p[0] === q[0] && p[1] === q[1];
  for (const f of header.features) {
    f.polygons.forEach((poly, p) => {
      if (!Array.isArray(poly) || poly.length === 0) throw new TopologyFileError(file, 'bad-ring', `feature ${f.id} polygon ${p} has no ring`);
      poly.forEach((ring, r) => {
        const where = `feature ${f.id} polygon ${p} ring ${r}`;
        if (!Array.isArray(ring) || ring.length === 0) throw new TopologyFileError(file, 'bad-ring', `${where} has no arc`);
        for (const ref of ring) {
          if (!Number.isSafeInteger(ref) || (ref < 0 ? ~ref : ref) >= arcs.length) {
            throw new TopologyFileError(file, 'bad-reference', `${where} refers to arc ${JSON.stringify(ref)} of ${arcs.length}`);
          }
        }
        for (let i = 0; i < ring.length; i++) {
          const next = ring[(i + 1) % ring.length]!;
          if (!same(endOf(ring[i]!, true), endOf(next, false))) {
            throw new TopologyFileError(file, 'bad-ring', `${where}: arc ${ring[i]} does not end where ${i + 1 < ring.length ? `arc ${next} starts` : 'the ring starts'}`);
          }
        }
      });
    });
  }
}

/** Reads a province file. Throws TopologyFileError naming the file and the fault. */
export function decodeTopologyFile(bytes: Uint8Array, file: string): DecodedTopologyFile {
  const { header, arcsStart } = readHeader(file, bytes);
  const arcs = readArcs(file, bytes, arcsStart, header);
  checkRings(file, header, arcs);
  return { header, arcs };
}

/** The ring's positions, from its first arc's first vertex round to it again (closed, as GeoJSON wants). */
function ringPositions(arcs: readonly (readonly Position[])[], ring: readonly number[]): GeoPosition[] {
  let total = 1;
  for (const ref of ring) total += arcs[ref < 0 ? ~ref : ref]!.length - 1;
  const out = new Array<GeoPosition>(total);
  let at = 0;
  ring.forEach((ref, i) => {
    const a = arcs[ref < 0 ? ~ref : ref]!;
    const n = a.length;
    // Each arc after the first starts where the previous one ended: skip that repeated vertex.
    for (let k = i === 0 ? 0 : 1; k < n; k++) {
      const p = a[ref < 0 ? n - 1 - k : k]!;
      out[at++] = [p[0], p[1]];
    }
  });
  return out;
}

/** GeoJSON features of a decoded file: fresh arrays (no position is shared between features), exact coordinates. */
export function topologyFileFeatures(d: DecodedTopologyFile): Feature<MultiPolygon, Record<string, unknown>>[] {
  return d.header.features.map((f) => ({
    type: 'Feature',
    id: f.id,
    properties: structuredClone(f.properties) as Record<string, unknown>,
    geometry: { type: 'MultiPolygon', coordinates: f.polygons.map((poly) => poly.map((ring) => ringPositions(d.arcs, ring))) },
  }));
}

/** A province file's units as the draft's coverage (the topology built from them). Throws on a bad file. */
export function unitsFromTopologyBytes(bytes: Uint8Array, file: string): Coverage {
  return coverageFromFeatures(topologyFileFeatures(decodeTopologyFile(bytes, file)));
}
