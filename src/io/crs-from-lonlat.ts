// WGS84 lon/lat → a source CRS: the inverse of crs.ts's toLonLat, needed to find which source pixel lies
// under a map pixel. VN-2000 goes through vn2000.ts, so both directions use the same datum shift.
import proj4 from 'proj4';
import type { SourceCrs } from './crs';
import { wgs84ToVn2000 } from './vn2000';

/** Function taking [lon, lat] to the source CRS's pair (in the CRS's own axis order). */
export function fromLonLat(crs: SourceCrs): (lon: number, lat: number) => [number, number] {
  if (crs.kind === 'wgs84') return (lon, lat) => [lon, lat];
  if (crs.kind === 'vn2000') return (lon, lat) => wgs84ToVn2000(crs, [lon, lat]);
  const conv = proj4(crs.def, 'WGS84');
  return (lon, lat) => {
    const out = conv.inverse([lon, lat]);
    return [out[0]!, out[1]!];
  };
}
