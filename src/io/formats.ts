// Formats by file name: which reader takes a file and which writer makes one. Used by the command line and
// the UI's file picker alike. A .json file is sniffed: TopoJSON says "Topology" near its start.
// Neither ever throws: a file past a limit (limits.ts) or a writer's unexpected failure is a structured
// error, so the UI can say what happened and the command line can exit 2 with one line.
import type { Coverage } from '../core/model';
import { readCsvPoints, writeCsvPoints } from './csv-points';
import { describe, fail, type IoError, type IoResult } from './errors';
import { readGeoJson } from './geojson';
import { writeGeoJson, writeVn2000GeoJson } from './geojson-write';
import type { ImportedLayer } from './import-types';
import { readKml, writeKml, type DomParserLike } from './kml';
import { kmlOfKmz } from './kmz';
import { readShapefileZip, writeShapefileZip, type ShapefileImportOptions } from './shapefile';
import type { NationalFieldOptions } from './national-props';
import { buildSubmission, geoJsonText, type SubmissionOptions } from './submission';
import { bytesOf, checkFileSize, type Input } from './text';
import { readTopoJson, writeTopoJson } from './topojson';
import type { Vn2000Crs } from './vn2000';

export type FormatId = 'geojson' | 'topojson' | 'kml' | 'kmz' | 'shapefile' | 'csv';

export function formatOf(fileName: string): FormatId | null {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  switch (ext) {
    case 'geojson':
    case 'json':
      return 'geojson';
    case 'topojson':
      return 'topojson';
    case 'kml':
      return 'kml';
    case 'kmz':
      return 'kmz';
    case 'zip':
      return 'shapefile';
    case 'csv':
    case 'txt':
      return 'csv';
    default:
      return null;
  }
}

export interface ReadOptions extends ShapefileImportOptions {
  readonly domParser?: DomParserLike;
}

/** Whether a .json file is TopoJSON (the reference layers sniff it the same way). */
export function looksLikeTopology(bytes: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 200));
  return /"type"\s*:\s*"Topology"/.test(head);
}

/** Reads any supported file; the format comes from the name (and, for .json, the content). */
export function readAnyFile(fileName: string, input: Input, options: ReadOptions = {}): IoResult<ImportedLayer> {
  const format = formatOf(fileName);
  const big = typeof input === 'string' ? null : checkFileSize(fileName, input.byteLength);
  if (big) return fail(big);
  switch (format) {
    case 'geojson':
      return looksLikeTopology(bytesOf(input)) ? readTopoJson(fileName, input, options) : readGeoJson(fileName, input, options);
    case 'topojson':
      return readTopoJson(fileName, input, options);
    case 'kml':
      return readKml(fileName, input, options, options.domParser);
    case 'kmz': {
      const doc = kmlOfKmz(fileName, bytesOf(input));
      return doc instanceof Uint8Array ? readKml(fileName, doc, options, options.domParser) : fail(doc);
    }
    case 'shapefile':
      return readShapefileZip(fileName, input, options);
    case 'csv':
      return readCsvPoints(fileName, input, options);
    default:
      return fail({ code: 'unsupported-format', file: fileName, message: 'unknown file extension (.geojson, .json, .topojson, .kml, .kmz, .zip, .csv)' });
  }
}

export interface WriteOptions {
  readonly unitIds?: readonly string[];
  /** VN-2000 grid for the formats that can carry metres (GeoJSON, Shapefile, CSV). */
  readonly crs?: Vn2000Crs;
  /** When given, a .geojson is the RFC 7946 submission file (7 decimals, national property names). */
  readonly submission?: Omit<SubmissionOptions, 'unitIds'>;
  /**
   * When given, the VN-2000 GeoJSON, KML and Shapefile carry the national property names filled for the
   * draft's province (national-props.ts), as the submission does; TopoJSON and CSV keep the app's own.
   */
  readonly national?: NationalFieldOptions;
}

export interface WrittenFile {
  readonly bytes: Uint8Array;
  readonly warnings: readonly IoError[];
}

export function writeAnyFile(fileName: string, c: Coverage, o: WriteOptions = {}): IoResult<WrittenFile> {
  try {
    return write(fileName, c, o);
  } catch (e) {
    // A writer bug must not look like success in the UI nor print a stack trace in the command line.
    return fail({ code: 'write-failed', file: fileName, message: describe(e) });
  }
}

function write(fileName: string, c: Coverage, o: WriteOptions): IoResult<WrittenFile> {
  const format = formatOf(fileName);
  const text = (s: string, warnings: readonly IoError[] = []): IoResult<WrittenFile> => ({ ok: true, value: { bytes: new TextEncoder().encode(s), warnings }, warnings });
  const refuse = (why: string) => fail<WrittenFile>({ code: 'unsupported-format', file: fileName, message: why });
  switch (format) {
    case 'geojson':
      if (o.crs) return o.submission ? refuse('the submission file is WGS 84 only') : text(writeVn2000GeoJson(c, { unitIds: o.unitIds, crs: o.crs, national: o.national }));
      if (o.submission) return text(geoJsonText(buildSubmission(c, { ...o.submission, unitIds: o.unitIds }).collection));
      return text(writeGeoJson(c, { unitIds: o.unitIds }));
    case 'topojson':
      return o.crs ? refuse('TopoJSON is written in WGS 84 only') : text(writeTopoJson(c, { unitIds: o.unitIds }));
    case 'kml': {
      if (o.crs) return refuse('KML is WGS 84 by definition');
      const k = writeKml(c, { unitIds: o.unitIds, fileName, national: o.national });
      return text(k.text, k.warnings);
    }
    case 'shapefile': {
      const base = fileName.replace(/^.*[\\/]/, '').replace(/\.zip$/i, '');
      const s = writeShapefileZip(c, { unitIds: o.unitIds, crs: o.crs, layerName: base, national: o.national });
      if (!s.ok) return s;
      return { ok: true, value: { bytes: s.value.zip, warnings: s.warnings }, warnings: s.warnings };
    }
    case 'csv':
      return text(writeCsvPoints(c, { unitIds: o.unitIds, crs: o.crs }));
    default:
      return refuse('unknown or read-only file extension (.geojson, .topojson, .kml, .zip, .csv)');
  }
}
