// GeoJSON exports other than the submission file: the app's own properties at full precision (WGS 84),
// or VN-2000 TM-3 metres with the grid named in a `crs` member (GeoJSON 2008 style, which QGIS and GDAL
// read; RFC 7946 itself has no other CRS than WGS 84).
import type { Feature, MultiPolygon } from 'geojson';
import { unitToFeature, type Coverage } from '../core/model';
import { geometryAreaM2 } from '../core/geom/geodesic';
import { nationalPropsWithExtras, type NationalFieldOptions } from './national-props';
import { roundTo } from './round-coverage';
import { selectUnits } from './select-units';
import { geoJsonText } from './submission';
import { vn2000EpsgCode, vn2000Name, wgs84ToVn2000, type Vn2000Crs } from './vn2000';
import { rewind } from './winding';

export interface GeoJsonExportOptions {
  readonly unitIds?: readonly string[];
}

/** The app's own GeoJSON: lon/lat at full precision, right-hand winding, app property names. */
export function writeGeoJson(c: Coverage, o: GeoJsonExportOptions = {}): string {
  const features = selectUnits(c, o.unitIds).map((u) => {
    const f = unitToFeature(c, u);
    return { ...f, geometry: rewind(f.geometry, true) };
  });
  return geoJsonText({ type: 'FeatureCollection', features });
}

export interface Vn2000GeoJsonOptions extends GeoJsonExportOptions {
  readonly crs: Vn2000Crs;
  /** The national properties (national-props.ts) for the draft's province instead of the app's own. */
  readonly national?: NationalFieldOptions;
  /** Decimals of a metre (default 3: millimetres). */
  readonly decimals?: number;
}

export function writeVn2000GeoJson(c: Coverage, o: Vn2000GeoJsonOptions): string {
  const crs = { ...o.crs, axis: 'en' as const }; // GeoJSON positions are always easting, northing
  const d = o.decimals ?? 3;
  const features: Feature<MultiPolygon>[] = selectUnits(c, o.unitIds).map((u) => {
    const f = unitToFeature(c, u);
    const coordinates = rewind(f.geometry, true).coordinates.map((p) =>
      p.map((r) => r.map((q) => wgs84ToVn2000(crs, q).map((v) => roundTo(v, d)))),
    );
    const properties = o.national ? nationalPropsWithExtras(u, geometryAreaM2(f.geometry), o.national) : f.properties;
    return { ...f, properties, geometry: { type: 'MultiPolygon', coordinates } };
  });
  const epsg = vn2000EpsgCode(crs);
  if (epsg === null) throw new RangeError(`no EPSG code for ${vn2000Name(crs)}; the crs member could not name it`);
  return geoJsonText({
    type: 'FeatureCollection',
    name: vn2000Name(crs),
    crs: { type: 'name', properties: { name: `urn:ogc:def:crs:EPSG::${epsg}` } },
    features,
  });
}
