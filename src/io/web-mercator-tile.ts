// The Web Mercator tile grid (EPSG:3857, the grid maplibre asks tiles of): tile bounds in metres and the
// spherical inverse, exactly as PROJ's +proj=webmerc computes it, so that the tiles line up with GDAL's.

export const EARTH_RADIUS = 6378137;
/** Half the width of the world in Web Mercator metres. */
export const MERCATOR_HALF = Math.PI * EARTH_RADIUS;

/** [minX, minY, maxX, maxY] in Web Mercator metres of tile z/x/y (y counted from the north, XYZ). */
export function tileBounds(z: number, x: number, y: number): [number, number, number, number] {
  const size = (2 * MERCATOR_HALF) / 2 ** z;
  const minX = -MERCATOR_HALF + x * size;
  const maxY = MERCATOR_HALF - y * size;
  return [minX, maxY - size, minX + size, maxY];
}

export function mercatorToLonLat(mx: number, my: number): [number, number] {
  return [(mx / EARTH_RADIUS) * (180 / Math.PI), Math.atan(Math.sinh(my / EARTH_RADIUS)) * (180 / Math.PI)];
}

export function lonLatToMercator(lon: number, lat: number): [number, number] {
  return [(lon * Math.PI * EARTH_RADIUS) / 180, EARTH_RADIUS * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))];
}

/** Tiles of zoom z that a lon/lat box touches: [xMin, yMin, xMax, yMax], inclusive. */
export function tileRange(bounds: readonly [number, number, number, number], z: number): [number, number, number, number] {
  const n = 2 ** z;
  const tile = (lon: number, lat: number) => {
    const [mx, my] = lonLatToMercator(lon, Math.max(-85.05112878, Math.min(85.05112878, lat)));
    const tx = Math.floor(((mx + MERCATOR_HALF) / (2 * MERCATOR_HALF)) * n);
    const ty = Math.floor(((MERCATOR_HALF - my) / (2 * MERCATOR_HALF)) * n);
    return [Math.max(0, Math.min(n - 1, tx)), Math.max(0, Math.min(n - 1, ty))] as const;
  };
  const [x0, y0] = tile(bounds[0], bounds[3]);
  const [x1, y1] = tile(bounds[2], bounds[1]);
  return [x0, y0, x1, y1];
}
