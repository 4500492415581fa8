// Renders one Web Mercator tile of an opened GeoTIFF, reprojected (not pinned by its corners): each output
// pixel centre goes Mercator → lon/lat → source CRS → source pixel, and takes that pixel (nearest neighbour,
// as `gdalwarp -r near`). Projecting all 65,536 pixel centres through proj4 would dominate the time, so the
// mapping is computed exactly on a grid every 16 px and interpolated bilinearly in between; each grid cell is
// checked at its centre and computed exactly when the interpolation is off by more than MAX_INTERPOLATION_ERROR
// pixels of the level sampled (the tests measure the error over whole tiles, zooms 10–19).
import { fromLonLat } from './crs-from-lonlat';
import { invertGeoTransform } from './geotiff-georef';
import type { GeoRaster, RasterLevel } from './geotiff-read';
import { mercatorToLonLat, tileBounds } from './web-mercator-tile';

export const TILE_SIZE = 256;
export const GRID_STEP = 16;
/** Worst interpolation error accepted before a grid cell is projected pixel by pixel, in level pixels. */
export const MAX_INTERPOLATION_ERROR = 0.01;
/**
 * A level counts as coarse enough when its pixel is at least this fraction of the tile's pixel. "About as
 * coarse" is taken as "within a factor √2", which makes the choice the level nearest the tile's resolution:
 * a window holds at most about twice the tile's pixels, and a source pixel spans at most 1.41 tile pixels
 * (a strict "coarser or equal" would blow pixels up to 2×; GDAL's AUTO, "finer or equal", reads up to 4×).
 */
export const LEVEL_TOLERANCE = Math.SQRT1_2;
/** Windows larger than this are read in bands of rows, so that memory stays bounded on a file without overviews. */
export const WINDOW_PIXEL_LIMIT = 4_000_000;

/** Source pixel (col, row) of the full-resolution image under a Web Mercator point; NaN where proj fails. */
export function mercatorToSourcePixel(raster: Pick<GeoRaster, 'crs' | 'geoTransform'>): (mx: number, my: number) => [number, number] {
  const inv = invertGeoTransform(raster.geoTransform);
  const toSource = fromLonLat(raster.crs);
  return (mx, my) => {
    const [lon, lat] = mercatorToLonLat(mx, my);
    let x: number, y: number;
    try {
      [x, y] = toSource(lon, lat);
    } catch {
      return [NaN, NaN];
    }
    return [inv[0] + x * inv[1] + y * inv[2], inv[3] + x * inv[4] + y * inv[5]];
  };
}

/** Mercator centre of output pixel (px, py) of a tile with bounds `b`; px, py may be fractional or outside 0–255. */
function pixelCentre(b: readonly number[], px: number, py: number): [number, number] {
  const res = (b[2]! - b[0]!) / TILE_SIZE;
  return [b[0]! + (px + 0.5) * res, b[3]! - (py + 0.5) * res];
}

/** Full-resolution source pixel coordinates of every output pixel centre, computed exactly (the reference). */
export function exactTilePixels(raster: Pick<GeoRaster, 'crs' | 'geoTransform'>, z: number, x: number, y: number): Float64Array {
  const map = mercatorToSourcePixel(raster);
  const b = tileBounds(z, x, y);
  const out = new Float64Array(TILE_SIZE * TILE_SIZE * 2);
  for (let py = 0; py < TILE_SIZE; py++) {
    for (let px = 0; px < TILE_SIZE; px++) {
      const [c, r] = map(...pixelCentre(b, px, py));
      out[(py * TILE_SIZE + px) * 2] = c;
      out[(py * TILE_SIZE + px) * 2 + 1] = r;
    }
  }
  return out;
}

/**
 * The level to sample: the finest whose pixel is still about as coarse as the tile's pixel (so a zoomed-out
 * tile reads a small overview), the coarsest when none is. `tilePixel` is the tile's pixel size measured in
 * full-resolution source pixels.
 */
export function chooseLevel(levels: readonly RasterLevel[], tilePixel: number): number {
  for (let i = 0; i < levels.length; i++) {
    const l = levels[i]!;
    if (Math.sqrt(l.scaleX * l.scaleY) >= tilePixel * LEVEL_TOLERANCE) return i;
  }
  return levels.length - 1;
}

export interface TileMapping {
  /** Full-resolution source (col, row) per output pixel, row-major, interleaved. */
  readonly coords: Float64Array;
  /** Index of the level to sample. */
  readonly level: number;
  /** Grid cells that were projected pixel by pixel (their interpolation error was too large, or proj failed). */
  readonly exactCells: number;
}

/** Tile pixel size in full-resolution source pixels, from the grid cell nearest the tile's centre that is valid. */
function tilePixelSize(nodes: Float64Array, n: number, step: number): number {
  const mid = Math.floor((n - 1) / 2);
  for (let d = 0; d < n - 1; d++) {
    for (const [i, j] of [[mid + d, mid + d], [mid - d, mid - d], [mid + d, mid - d], [mid - d, mid + d]] as const) {
      if (i < 0 || j < 0 || i + 1 >= n || j + 1 >= n) continue;
      const k = (j * n + i) * 2, kx = k + 2, ky = k + n * 2;
      const ax = (nodes[kx]! - nodes[k]!) / step, ay = (nodes[kx + 1]! - nodes[k + 1]!) / step;
      const bx = (nodes[ky]! - nodes[k]!) / step, by = (nodes[ky + 1]! - nodes[k + 1]!) / step;
      const area = Math.abs(ax * by - ay * bx);
      if (Number.isFinite(area) && area > 0) return Math.sqrt(area);
    }
  }
  return 1;
}

/** The source pixel under every output pixel, interpolated on the grid where that is accurate enough. */
export function mapTile(raster: Pick<GeoRaster, 'crs' | 'geoTransform' | 'levels'>, z: number, x: number, y: number, step = GRID_STEP): TileMapping {
  const map = mercatorToSourcePixel(raster);
  const b = tileBounds(z, x, y);
  const cells = Math.ceil(TILE_SIZE / step);
  const n = cells + 1;
  const nodes = new Float64Array(n * n * 2);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const [c, r] = map(...pixelCentre(b, i * step, j * step));
      nodes[(j * n + i) * 2] = c;
      nodes[(j * n + i) * 2 + 1] = r;
    }
  }
  const level = chooseLevel(raster.levels, tilePixelSize(nodes, n, step));
  const lv = raster.levels[level]!;
  const coords = new Float64Array(TILE_SIZE * TILE_SIZE * 2);
  let exactCells = 0;
  for (let cj = 0; cj < cells; cj++) {
    for (let ci = 0; ci < cells; ci++) {
      const k00 = (cj * n + ci) * 2, k10 = k00 + 2, k01 = k00 + n * 2, k11 = k01 + 2;
      const corners = [nodes[k00]!, nodes[k00 + 1]!, nodes[k10]!, nodes[k10 + 1]!, nodes[k01]!, nodes[k01 + 1]!, nodes[k11]!, nodes[k11 + 1]!];
      let exact = !corners.every(Number.isFinite);
      if (!exact) {
        const half = step / 2;
        const [ec, er] = map(...pixelCentre(b, ci * step + half, cj * step + half));
        const ic = (corners[0]! + corners[2]! + corners[4]! + corners[6]!) / 4;
        const ir = (corners[1]! + corners[3]! + corners[5]! + corners[7]!) / 4;
        exact = !(Math.max(Math.abs(ec - ic) / lv.scaleX, Math.abs(er - ir) / lv.scaleY) <= MAX_INTERPOLATION_ERROR);
      }
      if (exact) exactCells++;
      for (let dy = 0; dy < step; dy++) {
        const py = cj * step + dy;
        if (py >= TILE_SIZE) break;
        const t = dy / step;
        for (let dx = 0; dx < step; dx++) {
          const px = ci * step + dx;
          if (px >= TILE_SIZE) break;
          const o = (py * TILE_SIZE + px) * 2;
          if (exact) {
            const [c, r] = map(...pixelCentre(b, px, py));
            coords[o] = c;
            coords[o + 1] = r;
            continue;
          }
          const s = dx / step;
          const w00 = (1 - s) * (1 - t), w10 = s * (1 - t), w01 = (1 - s) * t, w11 = s * t;
          coords[o] = w00 * corners[0]! + w10 * corners[2]! + w01 * corners[4]! + w11 * corners[6]!;
          coords[o + 1] = w00 * corners[1]! + w10 * corners[3]! + w01 * corners[5]! + w11 * corners[7]!;
        }
      }
    }
  }
  return { coords, level, exactCells };
}

export interface RenderOptions {
  readonly signal?: AbortSignal;
  /** Pixels read at once at most; more are read in bands of rows (WINDOW_PIXEL_LIMIT unless given). */
  readonly windowPixelLimit?: number;
}

/** The tile as RGBA (256 × 256 × 4), transparent outside the image, in nodata and under its mask. */
export async function renderTile(raster: GeoRaster, z: number, x: number, y: number, options: RenderOptions = {}): Promise<Uint8ClampedArray> {
  const { signal, windowPixelLimit = WINDOW_PIXEL_LIMIT } = options;
  const out = new Uint8ClampedArray(TILE_SIZE * TILE_SIZE * 4);
  const { coords, level } = mapTile(raster, z, x, y);
  const lv = raster.levels[level]!;
  // Nearest neighbour: the level pixel whose square contains the point, as GDAL's floor().
  const cols = new Int32Array(TILE_SIZE * TILE_SIZE).fill(-1);
  const rows = new Int32Array(TILE_SIZE * TILE_SIZE);
  let c0 = Infinity, r0 = Infinity, c1 = -Infinity, r1 = -Infinity;
  for (let k = 0; k < TILE_SIZE * TILE_SIZE; k++) {
    const c = Math.floor(coords[k * 2]! / lv.scaleX), r = Math.floor(coords[k * 2 + 1]! / lv.scaleY);
    if (!(c >= 0 && c < lv.width && r >= 0 && r < lv.height)) continue;
    cols[k] = c;
    rows[k] = r;
    if (c < c0) c0 = c;
    if (c > c1) c1 = c;
    if (r < r0) r0 = r;
    if (r > r1) r1 = r;
  }
  if (c1 < c0) return out;
  // Only the pixels sampled, block by block, where the layout allows; else the window, in bands of rows.
  if (await raster.samplePixels(level, cols, rows, out, signal)) return out;
  const bandRows = Math.max(1, Math.floor(windowPixelLimit / (c1 - c0 + 1)));
  for (let top = r0; top <= r1; top += bandRows) {
    const bottom = Math.min(r1 + 1, top + bandRows);
    const win = await raster.readWindow(level, [c0, top, c1 + 1, bottom], signal);
    for (let k = 0; k < TILE_SIZE * TILE_SIZE; k++) {
      const r = rows[k]!;
      if (cols[k]! < 0 || r < top || r >= bottom) continue;
      win.write((r - win.y0) * win.width + (cols[k]! - win.x0), out, k * 4);
    }
  }
  return out;
}
