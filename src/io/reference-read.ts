// Any file the unit importers read, read as a reference layer instead (issue 12): GeoJSON, TopoJSON, KML
// and KMZ, a zipped Shapefile, CSV points. Each format's own parse step (shared with the unit import:
// geojson.ts, topojson.ts, kml.ts, shapefile.ts, csv-points.ts) gives the raw features; the reference
// finishing step (reference-finish.ts) keeps every kind of geometry and converts VN-2000 and other CRSs
// as the unit import does. Never throws: every refusal is a structured IoError naming the file.
import { fail, type IoResult } from './errors';
import type { SourceFeatures } from './finish-import';
import { formatOf, looksLikeTopology } from './formats';
import { geoJsonFeatures } from './geojson';
import { kmlFeatures } from './kml';
import { kmlOfKmz } from './kmz';
import { csvPointFeatures } from './reference-csv';
import { finishReference } from './reference-finish';
import type { ReferenceData, ReferenceOptions } from './reference-types';
import { shapefileFeatures } from './shapefile';
import { checkFileSize } from './text';
import { topoJsonFeatures } from './topojson';

export type { ReferenceData, ReferenceFeature, ReferenceOptions, ReferenceSkip } from './reference-types';

/** The raw features of a file in the format its name says (a .json is sniffed for TopoJSON). */
function sourceFeatures(fileName: string, bytes: Uint8Array, options: ReferenceOptions): IoResult<SourceFeatures> {
  switch (formatOf(fileName)) {
    case 'geojson':
      return looksLikeTopology(bytes) ? topoJsonFeatures(fileName, bytes, options, 'referenceFeatures') : geoJsonFeatures(fileName, bytes);
    case 'topojson':
      return topoJsonFeatures(fileName, bytes, options, 'referenceFeatures');
    case 'kml':
      return kmlFeatures(fileName, bytes, options.domParser, 'referenceFeatures');
    case 'kmz': {
      const doc = kmlOfKmz(fileName, bytes);
      return doc instanceof Uint8Array ? kmlFeatures(fileName, doc, options.domParser, 'referenceFeatures') : fail(doc);
    }
    case 'shapefile':
      return shapefileFeatures(fileName, bytes, options, 'referenceFeatures');
    case 'csv':
      return csvPointFeatures(fileName, bytes);
    default:
      return fail({ code: 'unsupported-format', file: fileName, message: 'unknown file extension (.geojson, .json, .topojson, .kml, .kmz, .zip, .csv)' });
  }
}

/**
 * A file as a reference layer: its points, lines and polygons in WGS 84 with their properties as the
 * file has them, or the errors that say which file, which feature and what is wrong. Features without a
 * usable geometry are left out and listed (`skipped`, and warnings). The limits of limits.ts hold (file
 * size, vertices, property sizes; `referenceFeatures` for the count).
 */
export function readReferenceFile(fileName: string, bytes: Uint8Array, options: ReferenceOptions = {}): IoResult<ReferenceData> {
  const big = checkFileSize(fileName, bytes.byteLength);
  if (big) return fail(big);
  const source = sourceFeatures(fileName, bytes, options);
  return source.ok ? finishReference(fileName, { ...source.value, warnings: [...source.value.warnings, ...source.warnings] }, options) : source;
}
