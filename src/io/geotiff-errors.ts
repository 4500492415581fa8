// Why a GeoTIFF cannot be shown. As in errors.ts, the code and values are for the UI to phrase; the message
// is technical English for logs and the command line, and starts with what is wrong ("no georeferencing: …")
// so that it also reads on its own. A class rather than an IoResult because reading a GeoTIFF is async and
// lazy: a fault can surface at open or only when a damaged tile is first read.

export type GeoTiffErrorCode =
  /** The bytes are not a TIFF at all (no "II*" / "MM*" header). */
  | 'not-tiff'
  /** A TIFF with no usable pixel → map transform (none, or ground control points only). */
  | 'no-georeferencing'
  /** The GeoKeys name no coordinate system, or one we do not support; `values` lists the keys found. */
  | 'unknown-crs'
  /** A transform we cannot invert: projective, degenerate (zero scale) or otherwise not an affine one. */
  | 'unsupported-transform'
  /** Samples we cannot turn into colours: floating point, CMYK, an unsupported compression … */
  | 'unsupported-pixels'
  /** The TIFF structure or a tile is damaged or truncated. */
  | 'corrupt';

export class GeoTiffError extends Error {
  override readonly name = 'GeoTiffError';

  constructor(
    readonly code: GeoTiffErrorCode,
    /** The file's name as the user gave it. */
    readonly file: string,
    message: string,
    /** What was found, for the UI's message (GeoKey values, tag values, the library's own words). */
    readonly values: Readonly<Record<string, string | number>> = {},
  ) {
    super(message);
  }
}
