// The command line's byte parser is a fast path: the value JSON.parse gives, or null (then the text way).
import { describe, expect, it } from 'vitest';
import { parseJsonBytes } from '../../src/io/json-bytes';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Same value as JSON.parse, -0 and key order included. */
function same(text: string): void {
  const r = parseJsonBytes(utf8(text), 64);
  expect(r).not.toBeNull();
  const want = JSON.parse(text) as unknown;
  expect(r!.value).toStrictEqual(want);
  expect(JSON.stringify(r!.value)).toBe(JSON.stringify(want));
  const numbers = (v: unknown): number[] => (typeof v === 'number' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(numbers) : []);
  numbers(r!.value).forEach((n, k) => expect(Object.is(n, numbers(want)[k])).toBe(true));
}

describe('parseJsonBytes', () => {
  it('gives what JSON.parse gives', () => {
    same('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"00001","tên":"Xã Đông","n":null,"t":true,"f":false},"geometry":{"type":"Polygon","coordinates":[[[106,21],[106.001,21],[106.001,21.001],[106,21]]]}}]}');
    same(' \t\r\n[ 1 , -0 , 0.1 , -0.30000000000000004 , 1e3 , 1E-7 , 2.5e+2 , 123456789012345678 , 0.1234567890123456789 , 105.123456789012 , 9007199254740993 ] ');
    same('[[1,2,3],[1],[1,"a"],["a",1],[[1,2],[3,4]],[],{}]');
    same('{"a":"q\\"uote\\\\ \\u00e9 \\ud83d\\ude00 \\n","b":"' + 'x'.repeat(200) + '","c":"' + 'đ'.repeat(100) + '","a2":1,"a":2}');
    same('{"1":"x","b":"y","0":"z"}');
  });

  it('leaves to the text way what it does not take on', () => {
    for (const text of ['', ' ', '[1,]', '[01]', '[1.]', '[.5]', '[-]', '[+1]', '[1e]', '{"a":1,}', '{a:1}', '[1] x', '["a\u0001"]', '["a', '[tru]', '[nul]', '{"__proto__":{"x":1}}', '\ufeff[1]', '[NaN]', '["\\x"]']) {
      expect(parseJsonBytes(utf8(text), 64), text).toBeNull();
    }
    expect(parseJsonBytes(new Uint8Array([0x5b, 0x22, 0xff, 0x22, 0x5d]), 64)).toBeNull(); // invalid UTF-8 in a string
    expect(parseJsonBytes(new Uint8Array([0x5b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x5d]), 64)).toBeNull(); // an encoded surrogate
  });

  it('stops at the nesting limit, as the text way does', () => {
    expect(parseJsonBytes(utf8('['.repeat(64) + ']'.repeat(64)), 64)).not.toBeNull();
    expect(parseJsonBytes(utf8('['.repeat(65) + ']'.repeat(65)), 64)).toBeNull();
    expect(parseJsonBytes(utf8('{"a":'.repeat(65) + '1' + '}'.repeat(65)), 64)).toBeNull();
  });
});
