// The .prj GDAL writes for VN-2000 given as a proj string (+towgs84=…) carries the datum shift only in
// the datum's name; prj.ts must still recognise VN-2000 (read as a plain transverse Mercator it was
// ~200 m off). The WKT below is what GDAL 3.6 wrote for vn2000Proj4({ lon0: 105.75, k: 0.9999 }).
import { describe, expect, it } from 'vitest';
import { crsFromPrj } from '../../src/io/prj';
import { vn2000ShiftInDatumName } from '../../src/io/prj-towgs84-name';
import { VN2000_TOWGS84 } from '../../src/io/vn2000';

const gdalPrj = (shift: string, lon0 = 105.75) =>
  `PROJCS["unknown",GEOGCS["GCS_unknown",DATUM["D_Unknown_based_on_WGS84_ellipsoid_using_towgs84_${shift}",SPHEROID["WGS_1984",6378137.0,298.257223563]],` +
  `PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],` +
  `PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",${lon0}],PARAMETER["Scale_Factor",0.9999],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`;
const spelled = (towgs84: string) => towgs84.replace(/[.,]/g, '_');

describe('VN-2000 spelled in a datum name', () => {
  it('reads the QĐ 05/2007 shift back from GDAL\'s name: VN-2000 TM-3 on the file\'s meridian, no warning', () => {
    expect(vn2000ShiftInDatumName(gdalPrj(spelled(VN2000_TOWGS84)))).toEqual(VN2000_TOWGS84.split(',').map(Number));
    expect(crsFromPrj('a.prj', gdalPrj(spelled(VN2000_TOWGS84), 106.25))).toEqual({ crs: { kind: 'vn2000', lon0: 106.25, k: 0.9999, axis: 'en' }, warnings: [] });
  });

  it('takes the common copies (rounded, rotations sign-flipped, three parameters) as VN-2000, and says they differ', () => {
    for (const shift of ['-191.90441,-39.30318,-111.45032,0.00928836,-0.01975479,0.00427372,0.252906278', '-191.90441,-39.30318,-111.45032,-0.00928836,0.01975479,-0.00427372,0.252906278', '-191.90441,-39.30318,-111.45032']) {
      const r = crsFromPrj('a.prj', gdalPrj(spelled(shift)));
      expect(r, shift).toMatchObject({ crs: { kind: 'vn2000', lon0: 105.75 }, warnings: [{ code: 'towgs84-differs', values: { towgs84: shift } }] });
    }
  });

  it('leaves other datum shifts to proj4 as they are', () => {
    // Hanoi 1972's shift, and no shift at all: not VN-2000.
    for (const shift of ['-17.51,-108.32,-62.39', '0,0,0,0,0,0,0']) {
      expect(vn2000ShiftInDatumName(gdalPrj(spelled(shift))), shift).toBeNull();
      expect(crsFromPrj('a.prj', gdalPrj(spelled(shift)))).toMatchObject({ crs: { kind: 'other' } });
    }
    expect(vn2000ShiftInDatumName(gdalPrj(`${spelled(VN2000_TOWGS84)}_1_2_3_4_5_6_7_8`))).toBeNull();
  });
});
