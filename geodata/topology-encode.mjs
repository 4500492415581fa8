// Encoder of the per-province topology files that src/io/topology-file.ts decodes (format there and in
// geodata/README.md). Pure functions, used by geodata/prepare-national.mjs and by the tests.

const MAGIC = 'DGT1';

// Topology: shared arcs that give every ring back exactly, starting at its own first vertex.
//
// topojson-server would build the arcs, but it rotates rings to start at a junction and merges rings
// that are rotations of each other, so ring starts would not come back. Here a ring is cut wherever the
// vertex's neighbours differ between the rings that pass it (a junction, as topojson finds them) and at
// the first vertex of every ring; identical pieces (either direction) are one arc. Consecutive repeated
// vertices are kept (a zero-length arc), so nothing of the source is lost.

/**
 * Numbers every distinct position (exact doubles) of the rings: ids[r][i] for vertex i of ring r.
 * On-grid positions get a numeric key when the layer's span allows one (fast), others a string key.
 */
function numberPositions(rings, decimals) {
  const scale = 10 ** decimals;
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of rings) for (const [x, y] of ring) {
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  const qx0 = Math.round(x0 * scale);
  const qy0 = Math.round(y0 * scale);
  const height = Math.round(y1 * scale) - qy0 + 1;
  const numeric = (Math.round(x1 * scale) - qx0 + 1) * height < Number.MAX_SAFE_INTEGER;
  const idOf = new Map();
  const ids = rings.map((ring) => {
    const out = new Int32Array(ring.length);
    for (let i = 0; i < ring.length; i++) {
      const [x, y] = ring[i];
      const qx = Math.round(x * scale);
      const qy = Math.round(y * scale);
      const key = numeric && qx / scale === x && qy / scale === y ? (qx - qx0) * height + (qy - qy0) : `${x},${y}`;
      let id = idOf.get(key);
      if (id === undefined) {
        id = idOf.size;
        idOf.set(key, id);
      }
      out[i] = id;
    }
    return out;
  });
  return { ids, count: idOf.size };
}

/**
 * items: [{ id, properties, coordinates (MultiPolygon) }] in file order. Returns the arcs (arrays of
 * source positions), each item's polygons as arc references, and counts.
 */
export function buildTopology(items, decimals) {
  const rings = [];
  for (const it of items) for (const poly of it.coordinates) for (const ring of poly) rings.push(ring);
  const { ids, count } = numberPositions(rings, decimals);

  // Junctions: a vertex met again with another pair of neighbours (in either order).
  const nbLo = new Int32Array(count).fill(-1);
  const nbHi = new Int32Array(count);
  const cut = new Uint8Array(count);
  let repeated = 0;
  for (const ring of ids) {
    const n = ring.length - 1;
    cut[ring[0]] = 1;
    for (let i = 0; i < n; i++) {
      const v = ring[i];
      const a = ring[(i + n - 1) % n];
      const b = ring[i + 1];
      if (b === v) repeated++;
      const lo = a < b ? a : b;
      const hi = a < b ? b : a;
      if (nbLo[v] === -1) {
        nbLo[v] = lo;
        nbHi[v] = hi;
      } else if (nbLo[v] !== lo || nbHi[v] !== hi) cut[v] = 1;
    }
  }

  const arcs = [];
  const arcIds = [];
  const byEnds = new Map(); // "first,second,last" position ids → arc numbers stored in that direction
  const sameIds = (arc, ring, from, to, reversed) => {
    if (arc.length !== to - from + 1) return false;
    for (let k = 0; k < arc.length; k++) if (arc[k] !== ring[reversed ? to - k : from + k]) return false;
    return true;
  };
  const arcOf = (r, from, to) => {
    const ring = ids[r];
    const fwd = `${ring[from]},${ring[from + 1]},${ring[to]}`;
    for (const i of byEnds.get(fwd) ?? []) if (sameIds(arcIds[i], ring, from, to, false)) return i;
    const rev = `${ring[to]},${ring[to - 1]},${ring[from]}`;
    for (const i of byEnds.get(rev) ?? []) if (sameIds(arcIds[i], ring, from, to, true)) return ~i;
    const i = arcs.length;
    arcs.push(rings[r].slice(from, to + 1));
    arcIds.push(ring.subarray(from, to + 1));
    const list = byEnds.get(fwd);
    if (list) list.push(i);
    else byEnds.set(fwd, [i]);
    return i;
  };

  let refs = 0;
  let r = 0;
  const features = items.map((it) => ({
    id: it.id,
    properties: it.properties,
    polygons: it.coordinates.map((poly) =>
      poly.map(() => {
        const ring = ids[r];
        const out = [];
        let from = 0;
        for (let i = 1; i < ring.length; i++) {
          if (i === ring.length - 1 || cut[ring[i]]) {
            out.push(arcOf(r, from, i));
            from = i;
          }
        }
        r++;
        refs += out.length;
        return out;
      }),
    ),
  }));
  const uses = new Uint32Array(arcs.length);
  for (const f of features) for (const poly of f.polygons) for (const ring of poly) for (const ref of ring) uses[ref < 0 ? ~ref : ref]++;
  const stats = {
    rings: rings.length,
    vertices: rings.reduce((s, x) => s + x.length, 0),
    distinctPositions: count,
    arcs: arcs.length,
    arcVertices: arcs.reduce((s, a) => s + a.length, 0),
    arcRefs: refs,
    arcsUsedOnce: uses.filter((u) => u === 1).length,
    arcsUsedTwice: uses.filter((u) => u === 2).length,
    arcsUsedMore: uses.filter((u) => u > 2).length,
    zeroLengthArcs: arcIds.filter((a) => a.every((v) => v === a[0])).length,
    repeatedVertices: repeated,
  };
  return { arcs, features, stats };
}

/** Zigzag LEB128 of safe integers, appended to a growing byte buffer. */
class Bytes {
  constructor() {
    this.buf = new Uint8Array(1 << 16);
    this.length = 0;
  }
  push(b) {
    if (this.length === this.buf.length) {
      const next = new Uint8Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = b;
  }
  varint(v) {
    while (v >= 128) {
      this.push((v % 128) | 128);
      v = Math.floor(v / 128);
    }
    this.push(v);
  }
  zigzag(v) {
    this.varint(v >= 0 ? v * 2 : -v * 2 - 1);
  }
}

/**
 * The file: magic, header length, JSON header, varint arc stream (see src/io/topology-file.ts).
 * Coordinates off the grid of 10^-decimals degrees are stored exactly in the header's offGrid list.
 */
export function encodeTopology(layer, province, decimals, topo) {
  const scale = 10 ** decimals;
  const offGrid = [];
  const stream = new Bytes();
  let px = 0;
  let py = 0;
  topo.arcs.forEach((arc, a) => {
    stream.varint(arc.length);
    arc.forEach(([lon, lat], v) => {
      const x = Math.round(lon * scale);
      const y = Math.round(lat * scale);
      if (x / scale !== lon || y / scale !== lat) offGrid.push([a, v, lon, lat]);
      stream.zigzag(x - px);
      stream.zigzag(y - py);
      px = x;
      py = y;
    });
  });
  const header = {
    format: 'dia-gioi-topology',
    version: 1,
    layer,
    province,
    decimals,
    arcCount: topo.arcs.length,
    arcVertices: topo.stats.arcVertices,
    offGrid,
    features: topo.features,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + stream.length);
  for (let i = 0; i < 4; i++) out[i] = MAGIC.charCodeAt(i);
  new DataView(out.buffer).setUint32(4, json.length, true);
  out.set(json, 8);
  out.set(stream.buf.subarray(0, stream.length), 8 + json.length);
  return { bytes: out, offGrid: offGrid.length };
}

