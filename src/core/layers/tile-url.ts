// A tile service as the user gives it (a URL pasted from QGIS, a provider's page or the province's GIS
// team) turned into a template the map fills in, or a message that says what is wrong with it.
import type { TileServiceSource } from './layer';

/** What is wrong with an address: a code the UI phrases; `detail` the part at fault (a scheme, a placeholder). */
export type TileUrlFault = 'empty' | 'not-url' | 'scheme' | 'credentials' | 'is-wms' | 'placeholders' | 'unknown-placeholder' | 'subdomains' | 'no-wms-layers';

export type TileUrlResult =
  | { readonly ok: true; readonly source: TileServiceSource; readonly origin: string }
  | { readonly ok: false; readonly code: TileUrlFault; readonly detail?: string; readonly message: string };

type Fault = Extract<TileUrlResult, { ok: false }>;
const fault = (code: TileUrlFault, message: string, detail?: string): Fault => ({ ok: false, code, message, ...(detail !== undefined ? { detail } : {}) });

export interface WmsParams {
  readonly layers: string;
  readonly format?: 'image/png' | 'image/jpeg';
  readonly version?: '1.1.1' | '1.3.0';
}

function originOf(url: string): { origin: string } | Fault {
  let u: URL;
  try {
    u = new URL(url.replace(/\{[^}]*\}/g, '0'));
  } catch {
    return fault('not-url', 'not a full web address (it must start with https:// or http://)');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return fault('scheme', `the address uses ${u.protocol}, not https: or http:`, u.protocol);
  if (u.username || u.password) return fault('credentials', 'the address holds a user name or password: the service must not need one in the address');
  return { origin: u.origin };
}

/**
 * XYZ ({z}/{x}/{y}, {-y} for TMS rows) or WMTS in its REST form ({TileMatrix}/{TileRow}/{TileCol}, on
 * the Web-Mercator "GoogleMapsCompatible" grid, the only one the map can draw without resampling).
 */
export function tileTemplate(input: string): TileUrlResult {
  const url = input.trim();
  if (url === '') return fault('empty', 'no address given');
  const where = originOf(url);
  if ('code' in where) return where;
  const wmts = /\{TileMatrix\}/i.test(url);
  let template = url
    .replace(/\{TileMatrix\}/gi, '{z}')
    .replace(/\{TileRow\}/gi, '{y}')
    .replace(/\{TileCol\}/gi, '{x}');
  const tms = template.includes('{-y}');
  template = template.replace('{-y}', '{y}');
  const missing = ['{z}', '{x}', '{y}'].filter((p) => !template.includes(p));
  if (missing.length) {
    if (/[?&]service=wms/i.test(url) || /[?&]request=getmap/i.test(url)) return fault('is-wms', 'this is a WMS address: choose "WMS" and give the layer names');
    return fault('placeholders', `the address has no ${missing.join(', ')}: a tile address looks like https://host/{z}/{x}/{y}.png`, missing.join(', '));
  }
  const unknown = /\{(?!z\}|x\}|y\}|s\})[^}]*\}/.exec(template);
  if (unknown) return fault('unknown-placeholder', `the address holds ${unknown[0]}, which the map cannot fill in (it knows {z}, {x}, {y}, {-y})`, unknown[0]);
  if (template.includes('{s}')) return fault('subdomains', 'the address holds {s} (a choice of servers): write one server instead, e.g. a. in place of {s}.');
  return { ok: true, origin: where.origin, source: { kind: 'tiles', service: wmts ? 'wmts' : 'xyz', template, scheme: tms ? 'tms' : 'xyz', tileSize: 256 } };
}

/** A WMS endpoint and its layer names as a GetMap template in Web Mercator (the map fills in the box). */
export function wmsTemplate(endpoint: string, params: WmsParams): TileUrlResult {
  const layers = params.layers.trim();
  if (!layers) return fault('no-wms-layers', 'no WMS layer name given (the LAYERS the service offers, comma-separated)');
  const where = originOf(endpoint.trim());
  if ('code' in where) return where;
  const u = new URL(endpoint.trim());
  // Parameters the user's address already had (a map= of MapServer, a key) stay; ours replace theirs.
  for (const k of [...u.searchParams.keys()]) {
    if (['service', 'request', 'version', 'layers', 'styles', 'format', 'transparent', 'srs', 'crs', 'width', 'height', 'bbox'].includes(k.toLowerCase())) u.searchParams.delete(k);
  }
  const version = params.version ?? '1.1.1';
  const format = params.format ?? 'image/png';
  const set: [string, string][] = [
    ['SERVICE', 'WMS'],
    ['REQUEST', 'GetMap'],
    ['VERSION', version],
    ['LAYERS', layers],
    ['STYLES', ''],
    ['FORMAT', format],
    ['TRANSPARENT', format === 'image/png' ? 'TRUE' : 'FALSE'],
    // EPSG:3857 has east, north axis order in both versions: the box is the same for 1.1.1 and 1.3.0.
    [version === '1.3.0' ? 'CRS' : 'SRS', 'EPSG:3857'],
    ['WIDTH', '256'],
    ['HEIGHT', '256'],
  ];
  for (const [k, v] of set) u.searchParams.set(k, v);
  // The placeholder must stay literal: URLSearchParams would escape its braces.
  const template = `${u.toString()}&BBOX={bbox-epsg-3857}`;
  return { ok: true, origin: where.origin, source: { kind: 'tiles', service: 'wms', template, scheme: 'xyz', tileSize: 256 } };
}

/** The origin a tile layer fetches from (for the Content-Security-Policy), or null for local layers. */
export function tileOrigin(template: string): string | null {
  const r = originOf(template);
  return 'code' in r ? null : r.origin;
}
