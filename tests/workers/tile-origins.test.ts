import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../scripts/content-security-policy';
import { allowedOrigins, readOrigins, widenHtml, widenPolicy } from '../../src/workers/tile-origins';

describe('the policy widened by the tile hosts the user added', () => {
  const policy = contentSecurityPolicy({}, 'header');

  it('adds exactly those hosts to connect-src and img-src and changes nothing else', () => {
    const wide = widenPolicy(policy, ['http://127.0.0.1:9000', 'https://tiles.example.vn']);
    const dir = (p: string) => new Map(p.split(';').map((d) => { const [k, ...v] = d.trim().split(/\s+/); return [k!, v.join(' ')]; }));
    const before = dir(policy);
    const after = dir(wide);
    expect(after.get('connect-src')).toBe("'self' http://127.0.0.1:9000 https://tiles.example.vn");
    expect(after.get('img-src')).toBe("'self' data: blob: http://127.0.0.1:9000 https://tiles.example.vn");
    for (const [k, v] of before) if (k !== 'connect-src' && k !== 'img-src') expect(after.get(k)).toBe(v);
    expect(allowedOrigins(wide)).toEqual(['http://127.0.0.1:9000', 'https://tiles.example.vn']);
    expect(allowedOrigins(policy)).toEqual([]);
  });

  it('never lets anything but an http(s) origin in', () => {
    const hostile = ["'unsafe-eval'", 'https://a.vn; script-src *', '*', 'data:', 'https://a.vn/path', 'javascript:alert(1)'];
    expect(widenPolicy(policy, hostile)).toBe(policy);
    expect(readOrigins([...hostile, 'https://ok.vn', 'https://ok.vn', 3])).toEqual(['https://ok.vn']);
    expect(readOrigins({ not: 'a list' })).toEqual([]);
  });

  it('widens the meta tag of the built index.html', () => {
    const meta = contentSecurityPolicy({}, 'meta').replaceAll('"', '&quot;');
    const html = `<head><meta charset="utf-8" />\n<meta http-equiv="Content-Security-Policy" content="${meta}" /></head>`;
    const wide = widenHtml(html, ['https://tiles.example.vn']);
    const content = /content="([^"]*)"/.exec(wide.split('\n')[1]!)![1]!;
    expect(allowedOrigins(content.replaceAll('&quot;', '"'))).toEqual(['https://tiles.example.vn']);
    expect(widenHtml(html, [])).toBe(html);
  });
});
