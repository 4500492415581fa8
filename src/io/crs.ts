// Source coordinate systems an import may be in, and their conversion to WGS84 lon/lat.
// VN-2000 TM-3 is handled by vn2000.ts; any other CRS a .prj names is handed to proj4 as it stands.
import proj4 from 'proj4';
import { vn2000ToWgs84With, type SourceCrs as Vn2000OrWgs84 } from './vn2000';

/** A CRS proj4 understands from a .prj (e.g. WGS 84 / UTM 48N); `def` is the WKT or proj string. */
export interface OtherCrs {
  readonly kind: 'other';
  readonly def: string;
  readonly name: string;
}

export type SourceCrs = Vn2000OrWgs84 | OtherCrs;

/** Function taking a source pair to [lon, lat]; throws only on a proj4 failure, which callers report. */
export function toLonLat(crs: SourceCrs): (p: readonly number[]) => [number, number] {
  if (crs.kind === 'wgs84') return (p) => [p[0]!, p[1]!];
  if (crs.kind === 'vn2000') return vn2000ToWgs84With(crs);
  const conv = proj4(crs.def, 'WGS84');
  return (p) => {
    const out = conv.forward([p[0]!, p[1]!]);
    return [out[0]!, out[1]!];
  };
}

export function crsLabel(crs: SourceCrs): string {
  if (crs.kind === 'wgs84') return 'WGS 84';
  if (crs.kind === 'vn2000') return `VN-2000 TM lon0=${crs.lon0} k=${crs.k} axis=${crs.axis}`;
  return crs.name;
}
