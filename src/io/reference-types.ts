// What reading a file as a reference layer gives (issue 12): features of any kind, shown under or over
// the units, never edited and never checked as units. So nothing here is a unit's: no code is required,
// codes may repeat, and properties are kept as the file has them.
import type { Feature, LineString, MultiLineString, MultiPoint, MultiPolygon, Point, Polygon } from 'geojson';
import type { SourceCrs } from './crs';
import type { CrsFrom } from './decide-crs';
import type { DomParserLike } from './kml';
import type { DbfEncoding } from './dbf';

export type ReferenceGeometry = Point | MultiPoint | LineString | MultiLineString | Polygon | MultiPolygon;

export type ReferenceGeometryType = ReferenceGeometry['type'];

/** A property value as a reference layer keeps it: nested lists and objects become their JSON text. */
export type ReferenceValue = string | number | boolean | null;

export type ReferenceFeature = Feature<ReferenceGeometry, Record<string, ReferenceValue>>;

/** The property that names a feature in messages (its name, else its id or code) and its value. */
export interface FeatureLabel {
  readonly field: string;
  readonly value: string;
}

/** Why a feature was left out: it has no geometry (null or empty), or one that cannot be read. */
export type SkipReason = 'no-geometry' | 'unreadable-geometry';

export interface ReferenceSkip {
  /** Index of the feature in the source (feature, record or Placemark number; CSV: row, from 0). */
  readonly feature: number;
  /** Its name or id property and value, when it has one (reference-props.ts). */
  readonly label: FeatureLabel | null;
  readonly reason: SkipReason;
  /** What was found, in English, for logs (the UI phrases `reason`). */
  readonly detail: string;
}

export interface ReferenceData {
  /**
   * WGS 84 [lon, lat], new objects (the input is never touched), 2D. A GeometryCollection becomes one
   * feature per kind of part it holds (its points, its lines, its polygons, in the order first met), each
   * with the collection's properties: map styles and label placement work per kind.
   */
  readonly features: ReferenceFeature[];
  readonly crs: SourceCrs;
  readonly crsFrom: CrsFrom;
  /** Property names of the features, in the order first met: the choice of a label field. */
  readonly fields: readonly string[];
  /** [west, south, east, north] of the features, or null when there are none. */
  readonly bounds: readonly [number, number, number, number] | null;
  /** Features of each geometry type. */
  readonly counts: Readonly<Record<ReferenceGeometryType, number>>;
  /** Features left out, each also a warning ('no-geometry' or 'bad-coordinates'). */
  readonly skipped: readonly ReferenceSkip[];
}

export interface ReferenceOptions {
  /** The coordinate system the user chose, as for units (e.g. VN-2000 on the province's meridian). */
  readonly fromCrs?: SourceCrs;
  /** XML parser for KML (the browser's DOMParser); @xmldom/xmldom by default. */
  readonly domParser?: DomParserLike;
  /** .dbf text encoding when there is no .cpg (asked after a 'bad-encoding'). */
  readonly dbfEncoding?: DbfEncoding;
  /** Which layer of a zip holding several Shapefiles (asked after 'several-layers'). */
  readonly layer?: string;
  /** Which object of a TopoJSON topology; the first when absent. */
  readonly object?: string;
}
