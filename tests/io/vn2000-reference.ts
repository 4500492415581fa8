// An independent, deliberately plain implementation of EPSG transformation 6960 ("VN-2000 to WGS 84 (2)")
// followed by the TM-3 projection, used only to check src/io/vn2000.ts (which goes through proj4).
// Different path on purpose: the Helmert step uses EPSG's coordinate-frame form exactly as the EPSG
// dataset publishes it (rotations -0.00928836", +0.01975479", -0.00427372"), inverted by solving the 3×3
// system; the projection is Krüger's n-series to sixth order (Karney 2011), not proj4's Poder/Engsager code.

const A = 6378137;
const F = 1 / 298.257223563;
const E2 = F * (2 - F);
const ARCSEC = Math.PI / (180 * 3600);

/** EPSG 6960, coordinate frame rotation (EPSG method 9607), VN-2000 → WGS 84. */
export const EPSG_6960 = {
  tx: -191.90441429, ty: -39.30318279, tz: -111.45032835,
  rx: -0.00928836, ry: 0.01975479, rz: -0.00427372, // arc-seconds, coordinate frame
  ds: 0.252906278, // ppm
};

type V3 = [number, number, number];

function toEcef(lonDeg: number, latDeg: number, h = 0): V3 {
  const lon = (lonDeg * Math.PI) / 180, lat = (latDeg * Math.PI) / 180;
  const n = A / Math.sqrt(1 - E2 * Math.sin(lat) ** 2);
  return [(n + h) * Math.cos(lat) * Math.cos(lon), (n + h) * Math.cos(lat) * Math.sin(lon), (n * (1 - E2) + h) * Math.sin(lat)];
}

function fromEcef([x, y, z]: V3): [number, number] {
  const p = Math.hypot(x, y);
  let lat = Math.atan2(z, p * (1 - E2));
  for (let i = 0; i < 20; i++) {
    const n = A / Math.sqrt(1 - E2 * Math.sin(lat) ** 2);
    const h = p / Math.cos(lat) - n;
    lat = Math.atan2(z, p * (1 - (E2 * n) / (n + h)));
  }
  return [(Math.atan2(y, x) * 180) / Math.PI, (lat * 180) / Math.PI];
}

/** Coordinate-frame rotation matrix (small-angle form, as EPSG 9607 defines it). */
function rotation(): number[][] {
  const rx = EPSG_6960.rx * ARCSEC, ry = EPSG_6960.ry * ARCSEC, rz = EPSG_6960.rz * ARCSEC;
  return [
    [1, rz, -ry],
    [-rz, 1, rx],
    [ry, -rx, 1],
  ];
}

/** WGS 84 → VN-2000 geocentric: solve X_wgs = T + (1 + ds) R X_vn for X_vn (Cramer's rule). */
function wgsToVnEcef(p: V3): V3 {
  const m = 1 + EPSG_6960.ds * 1e-6;
  const r = rotation().map((row) => row.map((v) => v * m));
  const b: V3 = [p[0] - EPSG_6960.tx, p[1] - EPSG_6960.ty, p[2] - EPSG_6960.tz];
  const det = (q: number[][]) =>
    q[0]![0]! * (q[1]![1]! * q[2]![2]! - q[1]![2]! * q[2]![1]!) -
    q[0]![1]! * (q[1]![0]! * q[2]![2]! - q[1]![2]! * q[2]![0]!) +
    q[0]![2]! * (q[1]![0]! * q[2]![1]! - q[1]![1]! * q[2]![0]!);
  const d = det(r);
  const col = (j: number) => det(r.map((row, i) => row.map((v, k) => (k === j ? b[i]! : v))));
  return [col(0) / d, col(1) / d, col(2) / d];
}

/** Transverse Mercator forward, Krüger series to n⁶ (Karney 2011, eq. 35 with the α of eq. 36). */
export function tmForward(lonDeg: number, latDeg: number, lon0: number, k0 = 0.9999, x0 = 500000): [number, number] {
  const n = F / (2 - F);
  const n2 = n * n, n3 = n2 * n, n4 = n3 * n, n5 = n4 * n, n6 = n5 * n;
  const bigA = (A / (1 + n)) * (1 + n2 / 4 + n4 / 64 + n6 / 256);
  const alpha = [
    n / 2 - (2 * n2) / 3 + (5 * n3) / 16 + (41 * n4) / 180 - (127 * n5) / 288 + (7891 * n6) / 37800,
    (13 * n2) / 48 - (3 * n3) / 5 + (557 * n4) / 1440 + (281 * n5) / 630 - (1983433 * n6) / 1935360,
    (61 * n3) / 240 - (103 * n4) / 140 + (15061 * n5) / 26880 + (167603 * n6) / 181440,
    (49561 * n4) / 161280 - (179 * n5) / 168 + (6601661 * n6) / 7257600,
    (34729 * n5) / 80640 - (3418889 * n6) / 1995840,
    (212378941 * n6) / 319334400,
  ];
  const e = Math.sqrt(E2);
  const lat = (latDeg * Math.PI) / 180;
  const dl = ((lonDeg - lon0) * Math.PI) / 180;
  const t = Math.sinh(Math.atanh(Math.sin(lat)) - e * Math.atanh(e * Math.sin(lat)));
  const xi1 = Math.atan2(t, Math.cos(dl));
  const eta1 = Math.atanh(Math.sin(dl) / Math.sqrt(1 + t * t));
  let xi = xi1, eta = eta1;
  alpha.forEach((a, j) => {
    const k = 2 * (j + 1);
    xi += a * Math.sin(k * xi1) * Math.cosh(k * eta1);
    eta += a * Math.cos(k * xi1) * Math.sinh(k * eta1);
  });
  return [x0 + k0 * bigA * eta, k0 * bigA * xi];
}

/** WGS 84 lon/lat (h = 0) → VN-2000 TM-3 [easting, northing] metres, by EPSG 6960 reversed. */
export function referenceWgs84ToVn2000(lon: number, lat: number, lon0: number): [number, number] {
  const [vlon, vlat] = fromEcef(wgsToVnEcef(toEcef(lon, lat)));
  return tmForward(vlon, vlat, lon0);
}
