// GeoKeys → CRS without GDAL: every EPSG code that is accepted, checked against the parameters PROJ's
// EPSG database gives (`projinfo EPSG:<code> -o PROJ`, PROJ 9.1.1, written here once), and the refusals.
import { describe, expect, it } from 'vitest';
import { crsFromGeoKeys } from '../../src/io/geotiff-crs';
import { GeoTiffError } from '../../src/io/geotiff-errors';
import { VN2000_TOWGS84 } from '../../src/io/vn2000';

/** projinfo: every VN-2000 grid below is +ellps=WGS84 +towgs84=<QĐ 05/2007> +x_0=500000 +y_0=0. */
const VN2000_GRIDS: readonly [number, number, number][] = [
  [3405, 105, 0.9996], [3406, 111, 0.9996], // +proj=utm +zone=48 / 49
  [5896, 102, 0.9999], [5897, 105, 0.9999], [5898, 108, 0.9999], [5899, 107.75, 0.9999],
  [9205, 103, 0.9999], [9206, 104, 0.9999], [9207, 104.5, 0.9999], [9208, 104.75, 0.9999], [9209, 105.5, 0.9999],
  [9210, 105.75, 0.9999], [9211, 106, 0.9999], [9212, 106.25, 0.9999], [9213, 106.5, 0.9999], [9214, 107, 0.9999],
  [9215, 107.25, 0.9999], [9216, 107.5, 0.9999], [9217, 108.25, 0.9999], [9218, 108.5, 0.9999],
];

const projected = (code: number) => ({ GTModelTypeGeoKey: 1, GTRasterTypeGeoKey: 1, ProjectedCSTypeGeoKey: code });

/** What GDAL writes for a user-defined transverse Mercator (from a WKT or proj string). */
function userTm(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    GTModelTypeGeoKey: 1, GTRasterTypeGeoKey: 1, GTCitationGeoKey: 'unknown', GeographicTypeGeoKey: 32767,
    GeogCitationGeoKey: 'GCS Name = unknown|Datum = Unknown based on WGS84 ellipsoid', GeogGeodeticDatumGeoKey: 32767,
    GeogEllipsoidGeoKey: 7030, GeogTOWGS84GeoKey: Float64Array.from(VN2000_TOWGS84.split(',').map(Number)),
    ProjectedCSTypeGeoKey: 32767, ProjectionGeoKey: 32767, ProjCoordTransGeoKey: 1, ProjLinearUnitsGeoKey: 9001,
    ProjNatOriginLongGeoKey: 104.25, ProjNatOriginLatGeoKey: 0, ProjFalseEastingGeoKey: 500000, ProjFalseNorthingGeoKey: 0,
    ProjScaleAtNatOriginGeoKey: 0.9999, ...over,
  };
}

function refusal(keys: Record<string, unknown> | null): GeoTiffError {
  try {
    crsFromGeoKeys(keys, 'x.tif');
  } catch (e) {
    if (e instanceof GeoTiffError) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('accepted CRSs', () => {
  it.each(VN2000_GRIDS)('EPSG:%i is VN-2000 TM lon0=%d k=%d', (code, lon0, k) => {
    expect(crsFromGeoKeys(projected(code), 'x.tif')).toEqual({ crs: { kind: 'vn2000', lon0, k, axis: 'en' }, warnings: [] });
  });

  it.each([3857, 900913, 3785, 102100, 102113])('EPSG:%i is Web Mercator', (code) => {
    expect(crsFromGeoKeys(projected(code), 'x.tif').crs).toEqual({ kind: 'other', def: 'EPSG:3857', name: 'WGS 84 / Pseudo-Mercator' });
  });

  it('WGS 84 degrees, by code or as a user-defined CRS on the WGS 84 datum', () => {
    expect(crsFromGeoKeys({ GTModelTypeGeoKey: 2, GeographicTypeGeoKey: 4326 }, 'x.tif').crs).toEqual({ kind: 'wgs84' });
    expect(crsFromGeoKeys({ GTModelTypeGeoKey: 2, GeographicTypeGeoKey: 32767, GeogGeodeticDatumGeoKey: 6326 }, 'x.tif').crs).toEqual({ kind: 'wgs84' });
  });

  it('WGS 84 / UTM 48N and 49N (drone orthophotos)', () => {
    expect(crsFromGeoKeys(projected(32648), 'x.tif').crs).toMatchObject({ kind: 'other', name: 'WGS 84 / UTM zone 48N' });
    expect(crsFromGeoKeys(projected(32649), 'x.tif').crs).toMatchObject({ kind: 'other', name: 'WGS 84 / UTM zone 49N' });
  });

  it('a user-defined TM-3 on an unnamed datum with the QĐ 05/2007 shift, and on the EPSG VN-2000 datum', () => {
    expect(crsFromGeoKeys(userTm(), 'x.tif')).toEqual({ crs: { kind: 'vn2000', lon0: 104.25, k: 0.9999, axis: 'en' }, warnings: [] });
    const named = userTm({ GeographicTypeGeoKey: 4756, GeogCitationGeoKey: 'VN-2000', GeogTOWGS84GeoKey: undefined });
    expect(crsFromGeoKeys(named, 'x.tif').crs).toEqual({ kind: 'vn2000', lon0: 104.25, k: 0.9999, axis: 'en' });
  });

  it('a model type left out is inferred from the CRS keys present', () => {
    expect(crsFromGeoKeys({ ProjectedCSTypeGeoKey: 9210 }, 'x.tif').crs).toMatchObject({ kind: 'vn2000', lon0: 105.75 });
  });
});

describe('refused CRSs name what was found', () => {
  it('no keys at all', () => {
    expect(refusal(null).message).toMatch(/^unsupported CRS: the file has a pixel grid but no GeoKeyDirectory/);
  });

  it('a TM-3 whose false easting is not 500 km', () => {
    const e = refusal(userTm({ ProjFalseEastingGeoKey: 0 }));
    expect(e.code).toBe('unknown-crs');
    expect(e.message).toMatch(/VN-2000 transverse Mercator with lon_0=104.25, lat_0=0, k=0.9999, x_0=0, y_0=0/);
    expect(e.message).toContain('ProjFalseEastingGeoKey=0');
  });

  it('a TM-3 in feet', () => {
    expect(refusal(userTm({ ProjLinearUnitsGeoKey: 9002 })).message).toMatch(/in linear unit 9002, not metres/);
  });

  it('a geocentric model', () => {
    const e = refusal({ GTModelTypeGeoKey: 3 });
    expect(e.message).toMatch(/GTModelTypeGeoKey=3 is neither projected \(1\) nor geographic \(2\)/);
    expect(e.values.GTModelTypeGeoKey).toBe(3);
  });

  it('a geographic CRS other than WGS 84', () => {
    expect(refusal({ GTModelTypeGeoKey: 2, GeographicTypeGeoKey: 4269 }).message).toMatch(/geographic CRS EPSG:4269 is not WGS 84/);
  });
});
