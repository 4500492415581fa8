// Where an issue about a whole unit is shown: a point inside its largest polygon. It depends on the
// unit's shape only, not on which vertex its rings start at (the first vertex did: the same file read
// in another feature order located, and so named, the issue differently).
import type { Coverage, Unit } from '../model';
import { unitToFeature } from '../model';
import { interiorPoint } from '../geom/interior-point';
import { signedArea2 } from '../geom/planar-area';

export function unitAnchor(c: Coverage, u: Unit): [number, number] {
  const polys = unitToFeature(c, u).geometry.coordinates;
  let best: (typeof polys)[number] | null = null;
  let bestArea = -1;
  for (const p of polys) {
    const a = p[0] ? Math.abs(signedArea2(p[0])) : 0;
    if (a > bestArea) {
      bestArea = a;
      best = p;
    }
  }
  return (best && interiorPoint(best)) ?? [0, 0];
}
