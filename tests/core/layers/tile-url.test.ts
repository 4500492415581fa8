import { describe, expect, it } from 'vitest';
import { tileOrigin, tileTemplate, wmsTemplate } from '../../../src/core/layers/tile-url';

describe('tileTemplate', () => {
  it('takes an XYZ template as it is, with its origin', () => {
    const r = tileTemplate(' https://tiles.example.vn:8443/base/{z}/{x}/{y}.png ');
    expect(r).toEqual({
      ok: true,
      origin: 'https://tiles.example.vn:8443',
      source: { kind: 'tiles', service: 'xyz', template: 'https://tiles.example.vn:8443/base/{z}/{x}/{y}.png', scheme: 'xyz', tileSize: 256 },
    });
  });

  it('reads {-y} as rows counted from the south (TMS)', () => {
    const r = tileTemplate('http://127.0.0.1:9000/{z}/{x}/{-y}.jpg');
    expect(r.ok && r.source).toMatchObject({ template: 'http://127.0.0.1:9000/{z}/{x}/{y}.jpg', scheme: 'tms' });
  });

  it('turns a WMTS REST template into z/x/y', () => {
    const r = tileTemplate('https://gis.example.vn/wmts/ortho/GoogleMapsCompatible/{TileMatrix}/{TileRow}/{TileCol}.png');
    expect(r.ok && r.source).toMatchObject({ service: 'wmts', template: 'https://gis.example.vn/wmts/ortho/GoogleMapsCompatible/{z}/{y}/{x}.png' });
  });

  it('says what is wrong with an address it cannot use', () => {
    const msg = (u: string) => {
      const r = tileTemplate(u);
      return r.ok ? null : r.message;
    };
    expect(msg('')).toBe('no address given');
    expect(msg('tiles/{z}/{x}/{y}.png')).toMatch(/not a full web address/);
    expect(msg('ftp://h/{z}/{x}/{y}')).toMatch(/ftp:/);
    expect(msg('https://h/{z}/{x}.png')).toMatch(/has no \{y\}/);
    expect(msg('https://h/wms?service=WMS&request=GetMap')).toMatch(/WMS address/);
    expect(msg('https://{s}.tile.example/{z}/{x}/{y}.png')).toMatch(/\{s\}/);
    expect(msg('https://h/{z}/{x}/{y}.png?key={apikey}')).toMatch(/\{apikey\}/);
    expect(msg('https://user:pw@h/{z}/{x}/{y}.png')).toMatch(/password/);
  });

  it('gives each fault a code for the panel to phrase, and the part at fault', () => {
    const fault = (u: string) => {
      const r = tileTemplate(u);
      return r.ok ? null : { code: r.code, detail: r.detail };
    };
    expect(fault('')).toEqual({ code: 'empty', detail: undefined });
    expect(fault('tiles/{z}/{x}/{y}.png')).toEqual({ code: 'not-url', detail: undefined });
    expect(fault('ftp://h/{z}/{x}/{y}')).toEqual({ code: 'scheme', detail: 'ftp:' });
    expect(fault('https://h/nen.png')).toEqual({ code: 'placeholders', detail: '{z}, {x}, {y}' });
    expect(fault('https://h/wms?service=WMS&request=GetMap')).toEqual({ code: 'is-wms', detail: undefined });
    expect(fault('https://{s}.tile.example/{z}/{x}/{y}.png')).toEqual({ code: 'subdomains', detail: undefined });
    expect(fault('https://h/{z}/{x}/{y}.png?key={apikey}')).toEqual({ code: 'unknown-placeholder', detail: '{apikey}' });
    expect(fault('https://user:pw@h/{z}/{x}/{y}.png')).toEqual({ code: 'credentials', detail: undefined });
    const wms = wmsTemplate('https://h/wms', { layers: ' ' });
    expect(!wms.ok && wms.code).toBe('no-wms-layers');
  });
});

describe('wmsTemplate', () => {
  it('builds a GetMap address in Web Mercator for the map to fill in the box', () => {
    const r = wmsTemplate('https://gis.example.vn/geoserver/wms?map=dc&SERVICE=WMS&bbox=1,2,3,4', { layers: 'dc:thua_dat' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.origin).toBe('https://gis.example.vn');
    expect(r.source).toMatchObject({ kind: 'tiles', service: 'wms', scheme: 'xyz', tileSize: 256 });
    const t = r.source.template;
    expect(t.endsWith('&BBOX={bbox-epsg-3857}')).toBe(true);
    const q = new URL(t.replace('{bbox-epsg-3857}', '0')).searchParams;
    expect(q.get('map')).toBe('dc');
    expect(q.get('SERVICE')).toBe('WMS');
    expect(q.get('LAYERS')).toBe('dc:thua_dat');
    expect(q.get('SRS')).toBe('EPSG:3857');
    expect(q.getAll('BBOX')).toEqual(['0']);
    expect([...q.keys()].filter((k) => k.toLowerCase() === 'service')).toHaveLength(1);
  });

  it('writes CRS for version 1.3.0, and refuses a missing layer name', () => {
    const r = wmsTemplate('https://h/wms', { layers: 'a', version: '1.3.0', format: 'image/jpeg' });
    expect(r.ok && r.source.template).toMatch(/CRS=EPSG%3A3857.*TRANSPARENT=FALSE|TRANSPARENT=FALSE.*CRS=EPSG%3A3857/);
    expect(wmsTemplate('https://h/wms', { layers: ' ' })).toMatchObject({ ok: false });
  });
});

describe('tileOrigin', () => {
  it('is the origin of a template, or null for something that is not a web address', () => {
    expect(tileOrigin('https://a.b/{z}/{x}/{y}')).toBe('https://a.b');
    expect(tileOrigin('geotiff://x/{z}')).toBeNull();
  });
});
