// KML import (@tmcw/togeojson) and export. The XML parser is injected: the browser passes its own
// DOMParser; by default @xmldom/xmldom is used, which works in Node, a worker and the page alike.
import { kml as kmlToGeoJson } from '@tmcw/togeojson';
import { DOMParser as XmlDomParser } from '@xmldom/xmldom';
import type { MultiPolygon, Position } from 'geojson';
import { unitToFeature, type Coverage } from '../core/model';
import { describe, fail, type IoResult } from './errors';
import { finishImport, type RawFeature } from './finish-import';
import type { ImportedLayer, ImportOptions } from './import-types';
import { selectUnits } from './select-units';
import { decodeUtf8, isIoError, type Input } from './text';
import { rewind } from './winding';

/** The part of DOMParser we use. */
export interface DomParserLike {
  parseFromString(text: string, type: 'text/xml'): unknown;
}

function defaultParser(): DomParserLike {
  // xmldom reports fatal errors by throwing; warnings and recoverable errors are collected by the caller's
  // check below (a document without a <kml> root is refused), so nothing is printed to the console.
  return new XmlDomParser({ onError: () => undefined }) as unknown as DomParserLike;
}

interface XmlDoc {
  documentElement?: { nodeName?: string; localName?: string } | null;
  getElementsByTagName(name: string): { length: number };
}

export function readKml(file: string, input: Input, options: ImportOptions = {}, parser: DomParserLike = defaultParser()): IoResult<ImportedLayer> {
  const text = decodeUtf8(file, input);
  if (isIoError(text)) return fail(text);
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
  const raw: RawFeature[] = fc.features.map((f, index) => ({ index, geometry: f.geometry, properties: stripStyle(f.properties) }));
  return finishImport(file, raw, null, options);
}

/** togeojson adds style members (fill, stroke…) from <Style>; they are presentation, not attributes. */
function stripStyle(props: unknown): unknown {
  if (typeof props !== 'object' || props === null) return props;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) {
    if (/^(fill|stroke|styleUrl|styleHash|styleMap|icon|label)(-|$)/.test(k)) continue;
    out[k] = v;
  }
  return out;
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

function valueText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
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

export interface KmlExportOptions {
  readonly unitIds?: readonly string[];
  /** Document name, e.g. the province. */
  readonly name?: string;
}

/**
 * KML 2.2: one Placemark per unit with its properties as ExtendedData (arrays as JSON text), geometry a
 * MultiGeometry of polygons, outer rings counter-clockwise as KML recommends. Coordinates at full precision.
 */
export function writeKml(c: Coverage, o: KmlExportOptions = {}): string {
  const placemarks = selectUnits(c, o.unitIds).map((u) => {
    const f = unitToFeature(c, u);
    const geometry = rewind(f.geometry, true);
    const data = Object.entries(f.properties)
      .map(([k, v]) => [k, valueText(v)] as const)
      .filter((kv): kv is readonly [string, string] => kv[1] !== null)
      .map(([k, v]) => `<Data name="${escapeXml(k)}"><value>${escapeXml(v)}</value></Data>`)
      .join('');
    return `<Placemark><name>${escapeXml(u.attrs.fullName || u.attrs.code)}</name><ExtendedData>${data}</ExtendedData><MultiGeometry>${polygonsXml(geometry)}</MultiGeometry></Placemark>`;
  });
  const name = o.name ? `<name>${escapeXml(o.name)}</name>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>${name}\n${placemarks.join('\n')}\n</Document></kml>\n`;
}
