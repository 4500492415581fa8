// The bounds every reader keeps, in one place, with why each number is what it is. A file past one is
// refused with a 'too-large' error naming the file, the limit and what was found, before the work the
// limit protects (inflating, parsing, building the topology) is done. The largest real file we know is
// Lào Cai's 2025 communes: 5.7 MB of GeoJSON, 99 units, 248,594 vertices, longest text value 167 chars;
// it reads in 0.5 s, builds its topology in 0.3 s and checks in 0.6 s in Node.
import type { IoError } from './errors';

export const LIMITS = {
  /**
   * Vertices in one file: 8× Lào Cai, i.e. some 11 s to read, build and check in Node and more in a
   * tab. A commune-boundary file is never bigger; a denser one is a survey that needs simplifying.
   */
  vertices: 2_000_000,
  /**
   * Bytes of one file, and of the members of an archive once unpacked (they are what gets parsed). The
   * vertex limit in text is ~21–23 bytes a vertex (≈ 46 MB), in a .shp 16 (32 MB); attributes fit in
   * the rest. Past this the file would fail the vertex limit anyway, after a parse of minutes
   * (@xmldom/xmldom reads KML at ~2.5 MB/s) and gigabytes of memory.
   */
  fileBytes: 64 * 1024 * 1024,
  /**
   * Nesting of JSON arrays and objects. GeoJSON needs 8 (collection, features, feature, geometry,
   * polygons, rings, positions, numbers), a GeometryCollection or structured properties a few more.
   * Recursive code (JSON.stringify, topojson-client, structured clone) overflows the stack at a few
   * thousand levels; JSON.parse does not, so the text is measured before it is parsed.
   */
  jsonDepth: 64,
  /**
   * Characters of one property name or value. Real values are names, codes and lists of old units
   * (167 chars at most in the bundled data); 64 Ki keeps any long description and refuses a 50 MB name,
   * which froze the tab for 35 s.
   */
  textChars: 65_536,
  /** Properties of one feature: real files have a dozen; a dBase table holds 255 columns. */
  properties: 1_000,
  /** Features of one file: 6× the 3,321 communes of the whole country, 2× its ~10,600 pre-2025 ones. */
  features: 20_000,
  /**
   * Features of one reference layer (reference-read.ts): shown, never edited or checked, so only reading
   * and drawing cost. A commune's cadastral map has tens of thousands of parcels; a 50,000-parcel
   * VN-2000 Shapefile (350,000 vertices, 4.7 MB zipped) reads in 1.3–2.6 s of CPU in Node
   * (tests/io/reference-read.test.ts). The vertex and byte limits still hold, and bound the work
   * whatever the count.
   */
  referenceFeatures: 200_000,
};

export type LimitName = keyof typeof LIMITS;

/** The limit on a file's feature count: units', or a reference layer's. */
export type FeatureLimit = Extract<LimitName, 'features' | 'referenceFeatures'>;

/**
 * The command line reads what a province or the national office checks: the whole country is one
 * 163 MB GeoJSON of 3,321 units and 7.1 M vertices, which a reviewer's machine checks in about 20 s and
 * 1.3 GB. A tab must not try that; the command line must. Its entry points call this once at start.
 */
export function raiseLimitsForCommandLine(): void {
  LIMITS.fileBytes = 1024 * 1024 * 1024;
  LIMITS.vertices = 20_000_000;
  LIMITS.features = 50_000;
}

const WHAT: Readonly<Record<LimitName, string>> = {
  vertices: 'vertices',
  fileBytes: 'bytes',
  jsonDepth: 'levels of nesting',
  textChars: 'characters in one property name or value',
  properties: 'properties in one feature',
  features: 'features',
  referenceFeatures: 'features in a reference layer',
};

/** 'too-large' for a file past a limit: "more than 2000000 vertices: at least 2000004". */
export function overLimit(file: string, limit: LimitName, found?: number | string, extra: Partial<IoError> = {}): IoError {
  const n = LIMITS[limit];
  const foundText = found === undefined ? '' : `: ${typeof found === 'number' ? `found ${found}` : found}`;
  return {
    code: 'too-large', file, ...extra,
    message: `more than ${n} ${WHAT[limit]}${foundText}`,
    values: { limit, max: n, ...(found !== undefined ? { found } : {}) },
  };
}
