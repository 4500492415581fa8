// Loads the units of the provinces around the draft (public/data/provinces, written by
// geodata/prepare-national.mjs) as read-only context for the record and the map. Only the provinces
// whose box meets the draft's are fetched, each checked against the sha256 the index gives and kept
// for offline use (src/app/province-files.ts). Every unit whose box meets the draft's is kept: they are
// what the checks across the province's edge compare the draft with, and a unit far from the draft's
// edge still overlaps a draft unit drawn inside it. Only the map draws fewer (Editor, drawnContext).
import type { Coverage } from '../core/model/types';
import type { ContextUnit, ContextUnits } from '../core/model/context-units';
import { contextUnitsFromTopologyFile, type BBox } from '../io/context-units';
import type { ProvinceFiles } from './province-files';

/** Degrees added around the draft's box: a neighbour's unit that only touches its edge is still in. */
const PAD_DEG = 0.01;

export function coverageBox(c: Coverage): BBox {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const arc of c.arcs) {
    for (const p of arc) {
      if (p[0] < b[0]) b[0] = p[0];
      if (p[1] < b[1]) b[1] = p[1];
      if (p[0] > b[2]) b[2] = p[0];
      if (p[1] > b[3]) b[3] = p[1];
    }
  }
  return b;
}

export interface NeighbourProvincesLoaded {
  readonly units: ContextUnits;
  readonly provinces: readonly { readonly code: string; readonly name: string }[];
}

/** The units of the other provinces near the coverage of province `provinceCode`. Throws LoadError. */
export async function loadNeighbourProvinces(files: Pick<ProvinceFiles, 'entries' | 'decoded'>, provinceCode: string, c: Coverage): Promise<NeighbourProvincesLoaded> {
  const index = await files.entries();
  const b = coverageBox(c);
  const near: BBox = [b[0] - PAD_DEG, b[1] - PAD_DEG, b[2] + PAD_DEG, b[3] + PAD_DEG];
  const chosen = index.filter((p) => p.code !== provinceCode && p.bbox[0] <= near[2] && near[0] <= p.bbox[2] && p.bbox[1] <= near[3] && near[1] <= p.bbox[3]);
  const units: ContextUnit[] = [];
  const provinces: { code: string; name: string }[] = [];
  for (const p of chosen) {
    const got = contextUnitsFromTopologyFile(await files.decoded(p), near);
    if (got.length === 0) continue;
    units.push(...got);
    provinces.push({ code: p.code, name: p.name });
  }
  return { units: new Map(units.map((u) => [u.id, u])), provinces };
}
