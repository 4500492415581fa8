// The pixel → map transform of a GeoTIFF, from its tags, in GDAL's geotransform order so that it can be
// compared with `gdalinfo -json` as it stands: x = g0 + col·g1 + row·g2, y = g3 + col·g4 + row·g5, with
// (col, row) = (0, 0) the top-left CORNER of the first pixel. Rotation and shear are plain affine terms and
// are inverted like any other; only transforms that are not affine (or not invertible) are refused.
import { GeoTiffError } from './geotiff-errors';

export type GeoTransform = readonly [number, number, number, number, number, number];

/** The georeferencing tags as geotiff.js hands them over (typed arrays or plain arrays). */
export interface GeorefTags {
  readonly pixelScale?: ArrayLike<number> | undefined;
  readonly tiepoints?: ArrayLike<number> | undefined;
  readonly transformation?: ArrayLike<number> | undefined;
  /** GTRasterTypeGeoKey: 1 PixelIsArea (the default), 2 PixelIsPoint. */
  readonly rasterType?: number | undefined;
}

const RASTER_PIXEL_IS_POINT = 2;

function fromTransformation(m: ArrayLike<number>, file: string): GeoTransform {
  if (m.length !== 16) {
    throw new GeoTiffError('unsupported-transform', file, `unsupported transform: ModelTransformation has ${m.length} values, not 16`, { values: m.length });
  }
  // The last row maps to the homogeneous coordinate: anything but 0 0 0 1 is a projective transform,
  // which no north-up grid (nor GDAL, which silently ignores that row) can represent.
  const last = [m[12]!, m[13]!, m[14]!, m[15]!];
  if (last[0] !== 0 || last[1] !== 0 || last[2] !== 0 || last[3] !== 1) {
    throw new GeoTiffError('unsupported-transform', file, `unsupported transform: ModelTransformation is projective (last row ${last.join(' ')}, expected 0 0 0 1); warp the file to a plain grid first (gdalwarp)`, { lastRow: last.join(' ') });
  }
  return [m[3]!, m[0]!, m[1]!, m[7]!, m[4]!, m[5]!];
}

function fromScaleAndTiepoint(scale: ArrayLike<number>, tie: ArrayLike<number>): GeoTransform {
  // The tie point need not be pixel (0, 0); GDAL uses the first one and so do we. ModelPixelScale's y is
  // positive for the usual north-up image (rows go south), hence the minus.
  const [i, j, , x, y] = [tie[0]!, tie[1]!, tie[2]!, tie[3]!, tie[4]!];
  const sx = scale[0]!, sy = scale[1]!;
  return [x - i * sx, sx, 0, y + j * sy, 0, -sy];
}

/**
 * The transform of the full-resolution image. PixelIsPoint files tie pixel CENTRES to coordinates; they are
 * moved half a pixel to the corner convention, as GDAL does unless told otherwise (GTIFF_POINT_GEO_IGNORE).
 */
export function geoTransformFromTags(tags: GeorefTags, file: string): GeoTransform {
  const { pixelScale, tiepoints, transformation } = tags;
  let gt: GeoTransform;
  if (transformation && transformation.length > 0) {
    gt = fromTransformation(transformation, file);
  } else if (pixelScale && pixelScale.length >= 2 && tiepoints && tiepoints.length >= 6) {
    gt = fromScaleAndTiepoint(pixelScale, tiepoints);
  } else if (tiepoints && tiepoints.length > 6) {
    throw new GeoTiffError('no-georeferencing', file, `no georeferencing: the file has ${tiepoints.length / 6} ground control points but no pixel grid; warp it to a grid first (gdalwarp)`, { groundControlPoints: tiepoints.length / 6 });
  } else {
    const found = [pixelScale ? 'ModelPixelScale' : '', tiepoints ? 'ModelTiepoint' : ''].filter(Boolean).join(' and ');
    throw new GeoTiffError('no-georeferencing', file, `no georeferencing: the TIFF has ${found ? `only ${found}` : 'neither ModelPixelScale + ModelTiepoint nor ModelTransformation'}, so where its pixels lie is unknown`, { found: found || 'none' });
  }
  if (!gt.every(Number.isFinite)) {
    throw new GeoTiffError('unsupported-transform', file, `unsupported transform: non-finite values ${gt.join(', ')}`, { transform: gt.join(', ') });
  }
  const det = gt[1] * gt[5] - gt[2] * gt[4];
  if (!(Math.abs(det) > 0)) {
    throw new GeoTiffError('unsupported-transform', file, `unsupported transform: degenerate pixel size (${gt[1]}, ${gt[2]}, ${gt[4]}, ${gt[5]}): the pixels have no area`, { transform: gt.join(', ') });
  }
  if (tags.rasterType === RASTER_PIXEL_IS_POINT) {
    gt = [gt[0] - 0.5 * (gt[1] + gt[2]), gt[1], gt[2], gt[3] - 0.5 * (gt[4] + gt[5]), gt[4], gt[5]];
  }
  return gt;
}

/** Map coordinates → (col, row) in the pixel space of `gt`. */
export function invertGeoTransform(gt: GeoTransform): GeoTransform {
  const det = gt[1] * gt[5] - gt[2] * gt[4];
  const a = gt[5] / det, b = -gt[2] / det, d = -gt[4] / det, e = gt[1] / det;
  return [-(a * gt[0] + b * gt[3]), a, b, -(d * gt[0] + e * gt[3]), d, e];
}

export function applyGeoTransform(gt: GeoTransform, u: number, v: number): [number, number] {
  return [gt[0] + u * gt[1] + v * gt[2], gt[3] + u * gt[4] + v * gt[5]];
}
