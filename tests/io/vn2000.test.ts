import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { distanceM } from '../../src/core/geom/geodesic';
import {
  guessCoordinates, meridianLabel, parseCrsSpec, vn2000, vn2000EpsgCode, vn2000Name, vn2000ToWgs84, VN2000_TOWGS84,
  wgs84ToVn2000,
} from '../../src/io/vn2000';
import { newProvinceMeridians, OLD_PROVINCE_ZONES, TM3_MERIDIANS } from '../../src/core/model/vn2000-zones';
import { referenceWgs84ToVn2000 } from './vn2000-reference';

// Reference pairs from PROJ 9.1.1 (Debian package proj-bin) with the EPSG dataset it ships, transformation
// EPSG:6960 "VN-2000 to WGS 84 (2)" (coordinate frame), and the EPSG TM-3 grids:
//   WGS 84 → VN-2000 TM-3:   echo "LON LAT 0 0" | cct -I -d 4 +proj=pipeline \
//       +step +inv +proj=tmerc +lat_0=0 +lon_0=LON0 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 \
//       +step +proj=push +v_3 +step +proj=cart +ellps=WGS84 \
//       +step +proj=helmert +x=-191.90441429 +y=-39.30318279 +z=-111.45032835 \
//             +rx=-0.00928836 +ry=0.01975479 +rz=-0.00427372 +s=0.252906278 +convention=coordinate_frame \
//       +step +inv +proj=cart +ellps=WGS84 +step +proj=pop +v_3 +step +proj=unitconvert +xy_in=rad +xy_out=deg
//     (that pipeline is what `projinfo -s EPSG:9210 -t EPSG:4326` lists as operation 1, EPSG:6960;
//      `echo "20.8449 106.6881" | cs2cs -d 4 EPSG:4326 EPSG:9210` gives the same first row);
//   VN-2000 TM-3 → WGS 84:   echo "E N 0 0" | cct -d 9 <the same pipeline with LON0> (forward). In the north,
//     `echo "E N" | cs2cs -d 9 EPSG:<grid> EPSG:4326` gives the same numbers; in the south cs2cs picks
//     EPSG:5194 (Mekong delta blocks), 0.8 m away, which is why the explicit pipeline is the reference.
// They were computed once on the development machine and written here; the test does not run PROJ.
const TO_VN2000: readonly { name: string; lon0: number; lon: number; lat: number; e: number; n: number }[] = [
  { name: 'Hải Phòng, Lê Chân', lon0: 105.75, lon: 106.6881, lat: 20.8449, e: 597432.4421, n: 2306067.773 },
  { name: 'Thành Đông vertex', lon0: 105.75, lon: 106.327418, lat: 20.982612, e: 559840.1297, n: 2321136.9963 },
  { name: 'Cát Hải, east', lon0: 105.75, lon: 107.05, lat: 20.72, e: 635210.9511, n: 2292500.1613 },
  { name: 'Hồ Chí Minh City', lon0: 105.75, lon: 106.7, lat: 10.776, e: 603699.1347, n: 1191842.445 },
  { name: 'Hải Dương (old grid)', lon0: 105.5, lon: 106.33, lat: 20.94, e: 586127.3655, n: 2316534.4749 },
  { name: 'Hà Nội', lon0: 105, lon: 105.854, lat: 21.0285, e: 588571.1543, n: 2326345.2005 },
  { name: 'Đà Nẵng', lon0: 107.75, lon: 108.22, lat: 16.068, e: 550089.4377, n: 1777160.2568 },
  { name: 'Cà Mau', lon0: 104.5, lon: 105.15, lat: 9.177, e: 571235.983, n: 1014901.467 },
  { name: 'Lai Châu', lon0: 103, lon: 103.46, lat: 22.4, e: 547165.3921, n: 2478023.0685 },
];

const TO_WGS84: readonly { lon0: number; e: number; n: number; lon: number; lat: number }[] = [
  { lon0: 105.75, e: 597000, n: 2306000, lon: 106.68394135, lat: 20.844310584 },
  { lon0: 105.75, e: 560000, n: 2322000, lon: 106.328985605, lat: 20.990401881 },
  { lon0: 105.75, e: 604000, n: 1191000, lon: 106.702726867, lat: 10.7683757 },
  { lon0: 105.5, e: 586100, n: 2316500, lon: 106.329735192, lat: 20.939689896 },
  { lon0: 108.25, e: 600000, n: 1350000, lon: 109.170800456, lat: 12.205803347 },
  { lon0: 103, e: 547000, n: 2478000, lon: 103.458392994, lat: 22.399796222 },
];

const CM = 0.01;

describe('VN-2000 TM-3 against EPSG transformation 6960', () => {
  it.each(TO_VN2000)('WGS 84 → VN-2000 within 1 cm of PROJ: $name', ({ lon0, lon, lat, e, n }) => {
    const [x, y] = wgs84ToVn2000(vn2000(lon0), [lon, lat]);
    expect(Math.hypot(x - e, y - n)).toBeLessThan(CM);
  });

  it.each(TO_WGS84)('VN-2000 → WGS 84 within 1 cm of PROJ: E $e N $n on $lon0', ({ lon0, e, n, lon, lat }) => {
    const p = vn2000ToWgs84(vn2000(lon0), [e, n]);
    expect(distanceM(p, [lon, lat])).toBeLessThan(CM);
  });

  it.each(TO_VN2000)('agrees within 1 cm with the independent in-test computation: $name', ({ lon0, lon, lat }) => {
    const [x, y] = wgs84ToVn2000(vn2000(lon0), [lon, lat]);
    const [rx, ry] = referenceWgs84ToVn2000(lon, lat, lon0);
    expect(Math.hypot(x - rx, y - ry)).toBeLessThan(CM);
  });

  it('the independent computation itself reproduces PROJ (so the two references agree)', () => {
    for (const { lon0, lon, lat, e, n } of TO_VN2000) {
      const [rx, ry] = referenceWgs84ToVn2000(lon, lat, lon0);
      expect(Math.hypot(rx - e, ry - n)).toBeLessThan(CM);
    }
  });

  it('X = northing first gives the same point as easting first', () => {
    const en = vn2000ToWgs84(vn2000(105.75, 'en'), [597000, 2306000]);
    const ne = vn2000ToWgs84(vn2000(105.75, 'ne'), [2306000, 597000]);
    expect(ne).toEqual(en);
    expect(wgs84ToVn2000(vn2000(105.75, 'ne'), en)[0]).toBeCloseTo(2306000, 3);
  });

  // proj4's datum step is not an exact inverse of itself (its reverse Helmert uses the transposed
  // small-angle rotation): measured 0.07–1.2 mm here, far below the 1 cm requirement.
  it('round trip WGS 84 → VN-2000 → WGS 84 stays within 2 mm', () => {
    for (const { lon0, lon, lat } of TO_VN2000) {
      const crs = vn2000(lon0);
      const back = vn2000ToWgs84(crs, wgs84ToVn2000(crs, [lon, lat]));
      expect(distanceM(back, [lon, lat])).toBeLessThan(0.002);
    }
  });

  it('the sign-flipped rotations often copied are measurably wrong (> 0.3 m here)', () => {
    const flipped = VN2000_TOWGS84.split(',').map((v, i) => (i >= 3 && i <= 5 ? String(-Number(v)) : v)).join(',');
    const wrong = proj4(`+proj=tmerc +lat_0=0 +lon_0=105.75 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 +towgs84=${flipped} +units=m +no_defs`, 'WGS84');
    const { e, n, lon, lat } = TO_WGS84[0]!;
    const w = wrong.forward([e, n]);
    expect(distanceM([w[0]!, w[1]!], [lon, lat])).toBeGreaterThan(0.3);
  });
});

describe('CRS names and guesses', () => {
  it('parses --from-crs specs', () => {
    expect(parseCrsSpec('vn2000:105.75')).toEqual(vn2000(105.75));
    expect(parseCrsSpec('VN2000:105-45:ne')).toEqual(vn2000(105.75, 'ne'));
    expect(parseCrsSpec('vn-2000:105')).toEqual(vn2000(105));
    expect(parseCrsSpec('epsg:9210')).toEqual(vn2000(105.75));
    expect(parseCrsSpec('wgs84')).toEqual({ kind: 'wgs84' });
    expect(parseCrsSpec('vn2000:55')).toBeNull();
    expect(parseCrsSpec('utm48')).toBeNull();
  });

  it('names the grid as EPSG does', () => {
    expect(vn2000Name(vn2000(105.75))).toBe('VN-2000 / TM-3 105-45');
    expect(vn2000EpsgCode(vn2000(105.75))).toBe(9210);
    expect(vn2000EpsgCode(vn2000(105))).toBe(5897);
    expect(meridianLabel(107.25)).toBe('107-15');
  });

  it('tells degrees, easting-first metres and northing-first metres apart', () => {
    expect(guessCoordinates([[106.6, 20.8]])).toEqual({ kind: 'lonlat' });
    expect(guessCoordinates([[597000, 2306000]])).toEqual({ kind: 'vn2000-metres', axis: 'en' });
    expect(guessCoordinates([[2306000, 597000]])).toEqual({ kind: 'vn2000-metres', axis: 'ne' });
    expect(guessCoordinates([[1e12, 5]])).toEqual({ kind: 'unknown' });
    expect(guessCoordinates([])).toEqual({ kind: 'unknown' });
  });
});

describe('meridian table (TT 973/2001/TT-TCĐC)', () => {
  it('has the 63 old provinces once each, on the TM-3 grid', () => {
    expect(OLD_PROVINCE_ZONES).toHaveLength(63);
    expect(new Set(OLD_PROVINCE_ZONES.map((z) => z.code)).size).toBe(63);
    for (const m of TM3_MERIDIANS) expect(vn2000EpsgCode(vn2000(m))).not.toBeNull();
  });

  it('gives the meridians the issue quotes', () => {
    const byName = (name: string) => OLD_PROVINCE_ZONES.find((z) => z.name === name)!.lon0;
    expect(byName('Hải Phòng')).toBe(105.75);
    expect(byName('Hải Dương')).toBe(105.5);
    expect(byName('Hà Nội')).toBe(105);
  });

  it('lists the old provinces of each of the 34 new ones, the one that kept the code first', () => {
    expect(newProvinceMeridians('31').map((m) => m.lon0)).toEqual([105.75, 105.5]);
    expect(newProvinceMeridians('24').map((m) => m.name)).toEqual(['Bắc Giang', 'Bắc Ninh']);
    const news = ['01', '04', '08', '11', '12', '14', '15', '19', '20', '22', '24', '25', '31', '33', '37', '38', '40',
      '42', '44', '46', '48', '51', '52', '56', '66', '68', '75', '79', '80', '82', '86', '91', '92', '96'];
    expect(news).toHaveLength(34);
    const covered = news.flatMap((c) => newProvinceMeridians(c).map((m) => m.oldCode));
    expect(new Set(covered).size).toBe(63);
    for (const c of news) expect(newProvinceMeridians(c)[0]!.oldCode).toBe(c);
    expect(newProvinceMeridians('99')).toEqual([]);
  });
});
