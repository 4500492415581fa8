// What every importer returns and accepts.
import type { PolygonalFeature } from '../core/model';
import type { SourceCrs } from './crs';

export interface ImportOptions {
  /** The coordinate system the user confirmed; overrides what the file says or the numbers suggest. */
  readonly fromCrs?: SourceCrs;
  /** The user agreed to leave out features that are not polygons (they are still listed as warnings). */
  readonly skipNonPolygon?: boolean;
  /** Keep units that share a code (listed as warnings); otherwise duplicate codes fail the import. */
  readonly allowDuplicateCodes?: boolean;
  /** Property holding the unit code (default: code, then maxa). */
  readonly codeField?: string;
}

export interface SkippedFeature {
  readonly feature: number;
  readonly geometryType: string;
}

export interface ImportedLayer {
  /** Polygonal features in WGS84 [lon, lat], new objects (the source is never mutated). */
  readonly features: PolygonalFeature[];
  /** The system the source coordinates were in. */
  readonly crs: SourceCrs;
  /** How the CRS was decided: named by the file, chosen by the user, or assumed from degree-like numbers. */
  readonly crsFrom: 'file' | 'option' | 'numbers';
  readonly skipped: readonly SkippedFeature[];
}
