// The per-province topology file: what the encoder (geodata/topology-encode.mjs) writes, the decoder
// (src/io/topology-file.ts) gives back exactly, and a broken file is refused with its name and fault.
import { describe, expect, it } from 'vitest';
import { buildTopology, encodeTopology, type EncodeItem } from '../../geodata/topology-encode.mjs';
import { decodeTopologyFile, topologyFileFeatures, TopologyFileError, type TopologyFileFault } from '../../src/io/topology-file';

type Ring = [number, number][];

// Two squares side by side sharing the border x = 106.5; A's ring starts in the middle of that border
// and repeats a vertex; B has a hole that C (an island unit) fills exactly, starting elsewhere and
// running the other way; one vertex of C is finer than the 1e-6° grid.
const A: Ring = [
  [106.5, 20.25],
  [106.5, 20],
  [106, 20],
  [106, 20],
  [106, 20.5],
  [106.5, 20.5],
  [106.5, 20.25],
];
const B: Ring = [
  [106.5, 20],
  [106.5, 20.25],
  [106.5, 20.5],
  [107, 20.5],
  [107, 20],
  [106.5, 20],
];
const HOLE: Ring = [
  [106.7, 20.1],
  [106.8, 20.1],
  [106.8, 20.2],
  [106.7000001234, 20.2],
  [106.7, 20.1],
];
const C: Ring = [
  [106.8, 20.2],
  [106.8, 20.1],
  [106.7, 20.1],
  [106.7000001234, 20.2],
  [106.8, 20.2],
];

const items: EncodeItem[] = [
  { id: '00001', properties: { code: '00001', name: 'A' }, coordinates: [[A]] },
  { id: '00002', properties: { code: '00002', name: 'B' }, coordinates: [[B, HOLE]] },
  { id: '00003', properties: { code: '00003', name: 'C' }, coordinates: [[C]] },
];

function encodeItems(list: readonly EncodeItem[] = items, decimals = 6): Uint8Array {
  return encodeTopology('units-2025', { code: '99', name: 'Tỉnh Thử', resolution: '9999/NQ-UBTVQH15' }, decimals, buildTopology(list, decimals)).bytes;
}

function fault(bytes: Uint8Array): TopologyFileFault | 'none' {
  try {
    decodeTopologyFile(bytes, 'test.bin');
    return 'none';
  } catch (e) {
    expect(e).toBeInstanceOf(TopologyFileError);
    expect((e as Error).message).toMatch(/^test\.bin: /);
    return (e as TopologyFileError).fault;
  }
}

/** The same file with its JSON header replaced. */
function withHeader(bytes: Uint8Array, edit: (h: Record<string, unknown>) => void): Uint8Array {
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) as Record<string, unknown>;
  edit(header);
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + bytes.length - 8 - length);
  out.set(bytes.subarray(0, 4));
  new DataView(out.buffer).setUint32(4, json.length, true);
  out.set(json, 8);
  out.set(bytes.subarray(8 + length), 8 + json.length);
  return out;
}

describe('topology file', () => {
  it('gives every coordinate back exactly, each ring from its own first vertex, repeats and all', () => {
    const features = topologyFileFeatures(decodeTopologyFile(encodeItems(), 'test.bin'));
    expect(features.map((f) => f.id)).toEqual(['00001', '00002', '00003']);
    expect(features.map((f) => f.geometry.coordinates)).toEqual(items.map((it) => it.coordinates));
    expect(features[0]!.properties).toEqual({ code: '00001', name: 'A' });
  });

  it('stores a shared border once and the off-grid vertex exactly', () => {
    const topo = buildTopology(items, 6);
    const d = decodeTopologyFile(encodeItems(), 'test.bin');
    const used = new Map<number, number>();
    for (const f of d.header.features) for (const poly of f.polygons) for (const ring of poly) for (const r of ring) used.set(r < 0 ? ~r : r, (used.get(r < 0 ? ~r : r) ?? 0) + 1);
    const arcsOf = (refs: readonly number[]) => refs.map((r) => (r < 0 ? ~r : r)).sort((x, y) => x - y);
    const [, b, c] = d.header.features;
    // The island C and the hole of B are the same arcs, walked the other way round.
    expect(arcsOf(c!.polygons[0]![0]!)).toEqual(arcsOf(b!.polygons[0]![1]!));
    // The border x = 106.5, cut at A's first vertex (106.5, 20.25): two arcs used by both A and B.
    const aArcs = new Set(arcsOf(d.header.features[0]!.polygons[0]![0]!));
    expect(arcsOf(b!.polygons[0]![0]!).filter((i) => aArcs.has(i))).toHaveLength(2);
    expect([...used.values()].every((n) => n <= 2)).toBe(true);
    expect(topo.stats.vertices).toBe(A.length + B.length + HOLE.length + C.length);
    expect(topo.stats.arcVertices).toBeLessThan(topo.stats.vertices);
    expect(topo.stats.repeatedVertices).toBe(1);
    expect(topo.stats.zeroLengthArcs).toBe(1);
    expect(d.header.offGrid).toEqual([[expect.any(Number), expect.any(Number), 106.7000001234, 20.2]]);
  });

  it('reads a finer grid (the old communes use 1e-8°)', () => {
    const fine: EncodeItem[] = [{ id: '1', properties: {}, coordinates: [[[[105.85701491, 21.04273301], [105.85049523, 21.04016353], [105.84227634, 21.0486669], [105.85701491, 21.04273301]]]] }];
    const bytes = encodeItems(fine, 8);
    const d = decodeTopologyFile(bytes, 'test.bin');
    expect(d.header.offGrid).toEqual([]);
    expect(topologyFileFeatures(d)[0]!.geometry.coordinates).toEqual(fine[0]!.coordinates);
  });

  it('is the same bytes for the same input', () => {
    expect(encodeItems()).toEqual(encodeItems());
  });

  it('hands out fresh features: changing one does not change the next decode', () => {
    const d = decodeTopologyFile(encodeItems(), 'test.bin');
    const first = topologyFileFeatures(d);
    (first[0]!.geometry.coordinates[0]![0]![0] as number[])[0] = 0;
    (first[0]!.properties as Record<string, unknown>).name = 'changed';
    const second = topologyFileFeatures(d);
    expect(second[0]!.geometry.coordinates[0]![0]![0]).toEqual([106.5, 20.25]);
    expect(second[0]!.properties.name).toBe('A');
  });

  it('refuses a file that is not one, naming the file and the fault', () => {
    const good = encodeItems();
    expect(fault(good)).toBe('none');
    expect(fault(new Uint8Array([0x44, 0x47]))).toBe('truncated');
    const wrongMagic = good.slice();
    wrongMagic[0] = 0x7b; // "{": a JSON file under the wrong name
    expect(fault(wrongMagic)).toBe('bad-magic');
    expect(fault(good.subarray(0, good.length - 3))).toBe('truncated');
    expect(fault(good.subarray(0, 40))).toBe('truncated');
    const longer = new Uint8Array(good.length + 1);
    longer.set(good);
    expect(fault(longer)).toBe('bad-arcs');
    expect(fault(withHeader(good, (h) => (h.version = 2)))).toBe('unsupported-version');
    expect(fault(withHeader(good, (h) => (h.format = 'other')))).toBe('bad-header');
    expect(fault(withHeader(good, (h) => (h.decimals = 12)))).toBe('bad-header');
    expect(fault(withHeader(good, (h) => (h.arcVertices = (h.arcVertices as number) + 1)))).toBe('bad-arcs');
    expect(fault(withHeader(good, (h) => (h.arcCount = (h.arcCount as number) - 1)))).toBe('bad-arcs');
    expect(fault(withHeader(good, (h) => ((h.offGrid as number[][])[0]![2] = 107)))).toBe('bad-header');
    expect(fault(withHeader(good, (h) => ((h.features as { polygons: number[][][] }[])[0]!.polygons[0]![0]!.push(999))))).toBe('bad-reference');
    expect(fault(withHeader(good, (h) => (h.features as { polygons: number[][][] }[])[0]!.polygons[0]![0]!.reverse()))).toBe('bad-ring');
    expect(fault(withHeader(good, (h) => ((h.features as { polygons: number[][][] }[])[1]!.polygons = [[]])))).toBe('bad-ring');
  });
});
