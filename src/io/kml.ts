// KML import (@tmcw/togeojson) and export. The XML parser is injected: the browser passes its own
// DOMParser; by default @xmldom/xmldom is used, which works in Node, a worker and the page alike.
// ExtendedData is read here rather than by togeojson, which looks names up in plain objects: it drops a
// Data named "__proto__" and turns a SimpleData named "constructor" into a String object.
import { kml as kmlToGeoJson } from '@tmcw/togeojson';
import { DOMParser as XmlDomParser } from '@xmldom/xmldom';
import type { MultiPolygon, Position } from 'geojson';
import { unitToFeature, type Coverage } from '../core/model';
import { geometryAreaM2 } from '../core/geom/geodesic';
import { NATIONAL_KEYS, nationalPropsWithExtras, type NationalFieldOptions, type NationalProps } from './national-props';
import { describe, fail, ok, type IoError, type IoResult } from './errors';
import { finishImport, type RawFeature, type SourceFeatures } from './finish-import';
import type { ImportedLayer, ImportOptions } from './import-types';
import { own, setOwn } from './own-props';
import { selectUnits } from './select-units';
import { decodeUtf8, isIoError, type Input } from './text';
import { LIMITS, overLimit, type FeatureLimit } from './limits';
import { rewind } from './winding';
import { xmlText } from './xml-text';

/** The part of DOMParser we use. */
export interface DomParserLike {
  parseFromString(text: string, type: 'text/xml'): unknown;
}

function defaultParser(): DomParserLike {
  // xmldom reports fatal errors by throwing; warnings and recoverable errors are collected by the caller's
  // check below (a document without a <kml> root is refused), so nothing is printed to the console.
  return new XmlDomParser({ onError: () => undefined }) as unknown as DomParserLike;
}

interface XmlElement {
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  getElementsByTagName(name: string): ArrayLike<XmlElement>;
}

interface XmlDoc {
  documentElement?: { nodeName?: string; localName?: string } | null;
  getElementsByTagName(name: string): ArrayLike<XmlElement>;
}

/**
 * The feature and vertex limits, counted on the text before it is parsed: a KMZ of 59 KB unpacked to one
 * Placemark of 15 million coordinates, or two million empty Placemarks, and the XML parser and togeojson
 * took 30 s and 2.4–3.2 GB before the limits were applied to their result.
 */
function overTextLimits(file: string, text: string, featureLimit: FeatureLimit): IoError | null {
  let placemarks = 0;
  const most = LIMITS[featureLimit];
  for (const _ of text.matchAll(/<(?:[\w.-]+:)?Placemark[\s/>]/g)) if (++placemarks > most) return overLimit(file, featureLimit, `more than ${most} Placemarks`);
  let tuples = 0;
  const open = /<(?:[\w.-]+:)?coordinates(?:\s[^>]*)?>/g;
  for (let m = open.exec(text); m; m = open.exec(text)) {
    const end = text.indexOf('</', open.lastIndex);
    const stop = end < 0 ? text.length : end;
    // Whitespace-separated tuples "lon,lat[,alt]".
    let inToken = false;
    for (let i = open.lastIndex; i < stop; i++) {
      const c = text.charCodeAt(i);
      const space = c === 32 || c === 9 || c === 10 || c === 13;
      if (!space && !inToken && ++tuples > LIMITS.vertices) return overLimit(file, 'vertices', `more than ${LIMITS.vertices} coordinates`);
      inToken = !space;
    }
    open.lastIndex = stop;
  }
  return null;
}

export function readKml(file: string, input: Input, options: ImportOptions = {}, parser: DomParserLike = defaultParser()): IoResult<ImportedLayer> {
  const read = kmlFeatures(file, input, parser);
  return read.ok ? finishImport(file, read.value.raw, null, options) : read;
}

/**
 * The parse step of readKml, shared with the reference layers: one feature per Placemark (any geometry;
 * a MultiGeometry is togeojson's GeometryCollection) with its name, description and ExtendedData.
 */
export function kmlFeatures(file: string, input: Input, parser: DomParserLike = defaultParser(), featureLimit: FeatureLimit = 'features'): IoResult<SourceFeatures> {
  const text = decodeUtf8(file, input);
  if (isIoError(text)) return fail(text);
  const over = overTextLimits(file, text, featureLimit);
  if (over) return fail(over);
  let doc: XmlDoc;
  try {
    doc = parser.parseFromString(text, 'text/xml') as XmlDoc;
  } catch (e) {
    return fail({ code: 'not-kml', file, message: `not well-formed XML: ${describe(e)}` });
  }
  const root = doc?.documentElement;
  const rootName = (root?.localName ?? root?.nodeName ?? '').toLowerCase();
  // A browser DOMParser does not throw: it returns a document holding a <parsererror>.
  if (!root || doc.getElementsByTagName('parsererror').length > 0) {
    return fail({ code: 'not-kml', file, message: 'not well-formed XML' });
  }
  if (rootName !== 'kml') return fail({ code: 'not-kml', file, message: `root element is <${rootName.slice(0, 40)}>, not <kml>` });
  let fc: { features: { geometry: unknown; properties: unknown }[] };
  try {
    fc = kmlToGeoJson(doc as unknown as Document) as unknown as typeof fc;
  } catch (e) {
    return fail({ code: 'not-kml', file, message: `KML could not be read: ${describe(e)}` });
  }
  // togeojson yields one feature per Placemark in document order, then ground overlays and network links.
  const placemarks = doc.getElementsByTagName('Placemark');
  const types = schemaTypes(doc);
  const raw: RawFeature[] = fc.features.map((f, index) => {
    const props = stripStyle(f.properties);
    const placemark = index < placemarks.length ? placemarks[index] : undefined;
    if (placemark) for (const [k, v] of extendedData(placemark, types)) setOwn(props, k, v);
    return { index, geometry: f.geometry, properties: props };
  });
  return ok({ raw, declared: null, warnings: [] });
}

/** togeojson adds style members (fill, stroke…) from <Style>; they are presentation, not attributes. */
function stripStyle(props: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof props !== 'object' || props === null) return out;
  for (const [k, v] of Object.entries(props)) {
    if (/^(fill|stroke|styleUrl|styleHash|styleMap|icon|label)(-|$)/.test(k)) continue;
    setOwn(out, k, v);
  }
  return out;
}

/** <SimpleField name type> of every <Schema>, as togeojson reads them (one map for the document). */
function schemaTypes(doc: XmlDoc): Map<string, string> {
  const out = new Map<string, string>();
  const fields = doc.getElementsByTagName('SimpleField');
  for (let i = 0; i < fields.length; i++) out.set(fields[i]!.getAttribute('name') ?? '', fields[i]!.getAttribute('type') ?? 'string');
  return out;
}

const NUMERIC = new Set(['int', 'uint', 'short', 'ushort', 'float', 'double']);

/** A typed SimpleData: numbers and booleans when the text is one, the text itself otherwise. */
function typed(text: string, type: string | undefined): unknown {
  if (type && NUMERIC.has(type) && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  if (type === 'bool' && /^(1|true)$/i.test(text.trim())) return true;
  if (type === 'bool' && /^(0|false)$/i.test(text.trim())) return false;
  return text;
}

/** Name and value of every <Data> and <SimpleData> in the placemark's first <ExtendedData>. */
function extendedData(placemark: XmlElement, types: ReadonlyMap<string, string>): [string, unknown][] {
  const ed = placemark.getElementsByTagName('ExtendedData')[0];
  if (!ed) return [];
  const out: [string, unknown][] = [];
  const data = ed.getElementsByTagName('Data');
  for (let i = 0; i < data.length; i++) {
    const value = data[i]!.getElementsByTagName('value')[0];
    out.push([data[i]!.getAttribute('name') ?? '', value?.textContent ?? '']);
  }
  const simple = ed.getElementsByTagName('SimpleData');
  for (let i = 0; i < simple.length; i++) {
    const name = simple[i]!.getAttribute('name') ?? '';
    out.push([name, typed(simple[i]!.textContent ?? '', types.get(name))]);
  }
  return out;
}

function valueText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v) ?? null;
}

function ringText(ring: readonly Position[]): string {
  return ring.map((p) => `${p[0]},${p[1]}`).join(' ');
}

function polygonsXml(g: MultiPolygon): string {
  return g.coordinates
    .map((poly) => {
      const [shell, ...holes] = poly;
      const inner = holes.map((h) => `<innerBoundaryIs><LinearRing><coordinates>${ringText(h)}</coordinates></LinearRing></innerBoundaryIs>`).join('');
      return `<Polygon><outerBoundaryIs><LinearRing><coordinates>${ringText(shell!)}</coordinates></LinearRing></outerBoundaryIs>${inner}</Polygon>`;
    })
    .join('');
}

const NATIONAL_SCHEMA = 'donvihanhchinh';
const NUMERIC_NATIONAL = new Set<string>(['dientichkm2', 'dientichdokm2']);

/** <Schema> of the national fields: the areas are doubles, the rest text. */
function nationalSchema(): string {
  const fields = NATIONAL_KEYS.map((k) => `<SimpleField type="${NUMERIC_NATIONAL.has(k) ? 'double' : 'string'}" name="${k}"/>`).join('');
  return `<Schema name="${NATIONAL_SCHEMA}" id="${NATIONAL_SCHEMA}">${fields}</Schema>`;
}

export interface KmlExportOptions {
  readonly unitIds?: readonly string[];
  /** Document name, e.g. the province. */
  readonly name?: string;
  /** The output's name, for warnings. */
  readonly fileName?: string;
  /** The national properties (national-props.ts) for the draft's province instead of the app's own. */
  readonly national?: NationalFieldOptions;
}

export interface KmlExport {
  readonly text: string;
  /** Values with characters XML 1.0 cannot carry, written with U+FFFD ('value-changed'). */
  readonly warnings: readonly IoError[];
}

/**
 * KML 2.2: one Placemark per unit with its properties as ExtendedData (arrays as JSON text), geometry a
 * MultiGeometry of polygons, outer rings counter-clockwise as KML recommends. Coordinates at full precision.
 */
export function writeKml(c: Coverage, o: KmlExportOptions = {}): KmlExport {
  const warnings: IoError[] = [];
  /** The name and value as XML; one warning when either lost a character. */
  const escaped = (unit: string, k: string, v: string): [string, string] => {
    const name = xmlText(k, true), value = xmlText(v);
    if (name.replaced || value.replaced) {
      const field = k.slice(0, 80);
      warnings.push({ code: 'value-changed', file: o.fileName ?? 'units.kml', feature: unit, field, message: `${field}: characters XML cannot hold written as U+FFFD`, values: { property: field } });
    }
    return [name.xml, value.xml];
  };
  const dataXml = (code: string, entries: readonly (readonly [string, unknown])[]) =>
    entries
      .map(([k, v]) => [k, valueText(v)] as const)
      .filter((kv): kv is readonly [string, string] => kv[1] !== null)
      .map(([k, v]) => {
        const [name, value] = escaped(code, k, v);
        return `<Data name="${name}"><value>${value}</value></Data>`;
      })
      .join('');
  const placemarks = selectUnits(c, o.unitIds).map((u) => {
    const f = unitToFeature(c, u);
    const geometry = rewind(f.geometry, true);
    const code = u.attrs.code;
    let data: string;
    if (o.national) {
      // The national fields typed by the schema (areas are numbers for GIS readers); the extras as Data.
      const props = nationalPropsWithExtras(u, geometryAreaM2(f.geometry), o.national);
      const typed = NATIONAL_KEYS.map((k) => [k, valueText(own(props, k))] as const)
        .filter((kv): kv is readonly [keyof NationalProps, string] => kv[1] !== null)
        .map(([k, v]) => `<SimpleData name="${k}">${escaped(code, k, v)[1]}</SimpleData>`)
        .join('');
      const rest = Object.entries(props).filter(([k]) => !(NATIONAL_KEYS as readonly string[]).includes(k));
      data = `<SchemaData schemaUrl="#${NATIONAL_SCHEMA}">${typed}</SchemaData>${dataXml(code, rest)}`;
    } else data = dataXml(code, Object.entries(f.properties));
    const [, label] = escaped(code, 'name', u.attrs.fullName || u.attrs.code);
    return `<Placemark><name>${label}</name><ExtendedData>${data}</ExtendedData><MultiGeometry>${polygonsXml(geometry)}</MultiGeometry></Placemark>`;
  });
  const name = o.name ? `<name>${escaped('', 'name', o.name)[1]}</name>` : '';
  const schema = o.national ? `\n${nationalSchema()}` : '';
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>${name}${schema}\n${placemarks.join('\n')}\n</Document></kml>\n`;
  return { text, warnings };
}
