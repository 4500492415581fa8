// Attribute names and values are plain data in every reader and writer: names that are Object.prototype
// members, "__proto__", empty names, typed KML data with bad text, values of every shape. Each case here
// crashed a writer or changed a name before (issue 14); none may throw now, and each either writes with
// its changes listed as warnings or refuses with a structured error.
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { coverageFromFeatures } from '../../src/core/model';
import { readAnyFile, writeAnyFile } from '../../src/io/formats';
import { readShapefileZip } from '../../src/io/shapefile';
import { twoUnitCoverage, unwrap } from './helpers';

const square = '<Polygon><outerBoundaryIs><LinearRing><coordinates>106,21 106.001,21 106.001,21.001 106,21</coordinates></LinearRing></outerBoundaryIs></Polygon>';
const kml = (extended: string, head = '') =>
  `<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>${head}<Placemark><name>A</name>${extended}${square}</Placemark></Document></kml>`;
const data = (pairs: readonly (readonly [string, string])[]) =>
  `<ExtendedData>${pairs.map(([k, v]) => `<Data name="${k}"><value>${v}</value></Data>`).join('')}<Data name="code"><value>10001</value></Data></ExtendedData>`;
const schema = (fields: readonly (readonly [string, string])[]) =>
  `<Schema name="s" id="s">${fields.map(([n, t]) => `<SimpleField name="${n}" type="${t}"/>`).join('')}</Schema>`;
const simple = (pairs: readonly (readonly [string, string])[]) =>
  `<ExtendedData><SchemaData schemaUrl="#s">${pairs.map(([k, v]) => `<SimpleData name="${k}">${v}</SimpleData>`).join('')}<SimpleData name="code">10001</SimpleData></SchemaData></ExtendedData>`;

/** KML inputs the readers accept, each with a name or value a plain-object writer trips on. */
const KML_CASES: readonly (readonly [string, string])[] = [
  ['Data named ""', kml(data([['', 'x']]))],
  ['Data named constructor', kml(data([['constructor', 'x']]))],
  ['Data named toString', kml(data([['toString', 'x']]))],
  ['Data named valueOf', kml(data([['valueOf', 'x']]))],
  ['Data named hasOwnProperty', kml(data([['hasOwnProperty', 'x']]))],
  ['Data named __proto__', kml(data([['__proto__', 'x']]))],
  ['Data named __defineGetter__', kml(data([['__defineGetter__', 'x']]))],
  ['Data named isPrototypeOf and propertyIsEnumerable', kml(data([['isPrototypeOf', 'a'], ['propertyIsEnumerable', 'b']]))],
  ['Data named toLocaleString', kml(data([['toLocaleString', 'x']]))],
  ['SimpleData named constructor (togeojson makes a String object)', kml(simple([['constructor', 'x']]), schema([['constructor', 'string']]))],
  ['SimpleField typed constructor', kml(simple([['n', 'x']]), schema([['n', 'constructor']]))],
  ['int SimpleData that is not a number', kml(simple([['n', 'abc']]), schema([['n', 'int']]))],
  ['names alike in their first 10 letters', kml(data([['abcdefghij1', 'a'], ['abcdefghij2', 'b'], ['abcdefghij', 'c']]))],
  ['names only the case tells apart', kml(data([['Name', 'a'], ['NAME', 'b'], ['fullname', 'c']]))],
  ['Vietnamese and emoji names', kml(data([['Tên đơn vị', 'a'], ['😀', 'b'], ['Đ', 'c']]))],
  ['a 300-byte value', kml(data([['long', 'ê'.repeat(150)]]))],
  ['a name of digits and one of symbols', kml(data([['123', 'a'], ['%$#', 'b'], ['_', 'c']]))],
  ['CDATA description, TimeSpan, visibility (objects and booleans)', kml(`<description><![CDATA[<b>x</b>]]></description><visibility>0</visibility><TimeSpan><begin>2020</begin><end>2021</end></TimeSpan>${data([])}`)],
  ['a formedfrom column of our own, given by the file', kml(data([['formedfrom', 'x'], ['formedfr2', 'y']]))],
];

describe('KML inputs the readers accept, written as a zipped Shapefile and read back', () => {
  it.each(KML_CASES)('%s', (_label, text) => {
    const layer = unwrap(readAnyFile('a.kml', text));
    const c = coverageFromFeatures(layer.features);
    const w = writeAnyFile('a.zip', c);
    expect(w.ok, JSON.stringify(w.ok ? null : w.errors)).toBe(true);
    const back = unwrap(readShapefileZip('a.zip', unwrap(w).bytes));
    expect(back.features).toHaveLength(1);
    expect(back.features[0]!.properties!.code).toBe('10001');
  });

  it('the KML reader keeps __proto__ and constructor as names, with their text', () => {
    const layer = unwrap(readAnyFile('a.kml', kml(`${data([['__proto__', 'p'], ['constructor', 'c']])}`)));
    const p = layer.features[0]!.properties!;
    expect(Object.getOwnPropertyDescriptor(p, '__proto__')?.value).toBe('p');
    expect(Object.getOwnPropertyDescriptor(p, 'constructor')?.value).toBe('c');
    const typed = unwrap(readAnyFile('a.kml', kml(simple([['constructor', 'c'], ['n', '12'], ['bad', 'x']]), schema([['constructor', 'string'], ['n', 'int'], ['bad', 'int']]))));
    expect(typed.features[0]!.properties).toMatchObject({ constructor: 'c', n: 12, bad: 'x' });
  });
});

/** A zipped Shapefile of one square whose .dbf has the given column names (≤ 11 bytes each). */
function shapefileWithColumns(names: readonly string[]): Uint8Array {
  const base = unzipSync(unwrap(writeAnyFile('t.zip', twoUnitCoverage())).bytes);
  const dbf = base['t.dbf']!.slice();
  const view = new DataView(dbf.buffer);
  const headerLength = view.getUint16(8, true);
  const fields = (headerLength - 33) / 32;
  expect(names.length).toBeLessThanOrEqual(fields - 1);
  // Rename columns 2… (column 1 is the code); their values stay whatever the writer put there.
  names.forEach((n, i) => {
    const off = 32 + 32 * (i + 1);
    dbf.fill(0, off, off + 11);
    dbf.set(strToU8(n), off);
  });
  return zipSync({ ...base, 't.dbf': dbf });
}

describe('dBase columns named like Object.prototype members', () => {
  it('a column "constructor" is read as "constructor", and "__proto__" is kept', () => {
    const layer = unwrap(readShapefileZip('a.zip', shapefileWithColumns(['constructor', '__proto__', 'toString'])));
    for (const f of layer.features) {
      const keys = Object.keys(f.properties!);
      expect(keys).toContain('constructor');
      expect(keys).toContain('__proto__');
      expect(keys).toContain('toString');
      expect(keys.some((k) => /native code/.test(k))).toBe(false);
      expect(Object.getPrototypeOf(f.properties)).toBe(Object.prototype);
    }
  });

  it('two columns of one name are both kept, the second renamed and warned about', () => {
    const r = readShapefileZip('a.zip', shapefileWithColumns(['dup', 'dup']));
    const layer = unwrap(r);
    expect(Object.keys(layer.features[0]!.properties!)).toEqual(expect.arrayContaining(['dup', 'dup_2']));
    expect(r.ok && r.warnings.map((w) => [w.code, w.values?.to])).toContainEqual(['field-renamed', 'dup_2']);
  });
});

describe('the Shapefile writer takes any properties', () => {
  const one = (props: Record<string, unknown>) =>
    coverageFromFeatures([{ type: 'Feature', properties: props, geometry: { type: 'Polygon', coordinates: [[[106, 21], [106.01, 21], [106.01, 21.01], [106, 21]]] } }]);

  it.each([
    ['constructor', 'constructo'], ['toString', 'tostring'], ['', 'f'], ['__proto__', 'f__proto__'], ['valueOf', 'valueof'],
    ['formedfrom', 'formedf_om'], ['formedfr2', 'formedf_2'], ['Tên đơn vị', 'ten_don_vi'], ['NAME', 'name2'], ['fullname', 'fullname2'],
  ])('a property named %j: written as column %s, with a warning', (name, column) => {
    const props: Record<string, unknown> = { code: '10001' };
    Object.defineProperty(props, name, { value: 'v', enumerable: true, writable: true, configurable: true });
    const w = writeAnyFile('o.zip', one(props));
    expect(w.ok).toBe(true);
    expect(w.ok && w.warnings.filter((x) => x.code === 'field-renamed').map((x) => x.values)).toEqual([{ property: name, column }]);
    const back = unwrap(readShapefileZip('o.zip', unwrap(w).bytes)).features[0]!.properties!;
    expect(Object.getOwnPropertyDescriptor(back, column)?.value).toBe('v');
  });

  it('300 long text columns: refused with a structured error, not a corrupt table', () => {
    const props: Record<string, unknown> = { code: '10001' };
    for (let i = 0; i < 300; i++) props[`col${i}`] = 'x'.repeat(250);
    const w = writeAnyFile('o.zip', one(props));
    expect(w.ok).toBe(false);
    expect(w.ok ? null : w.errors[0]).toMatchObject({ code: 'too-large', values: { max: 255, found: 307 } });
  });

  it('nested objects, arrays, null, huge and tiny numbers, booleans', () => {
    const w = unwrap(writeAnyFile('o.zip', one({ code: '10001', o: { a: [1, { b: null }] }, l: [1, 'x'], n: null, big: 1e308, tiny: 5e-324, t: true })));
    const back = unwrap(readShapefileZip('o.zip', w.bytes)).features[0]!.properties!;
    expect(back).toMatchObject({ o: '{"a":[1,{"b":null}]}', l: '[1,"x"]', n: null, big: 1e308, tiny: 5e-324, t: 'true' });
  });
});

describe('writers never throw', () => {
  it('an unexpected failure is a structured write-failed error', () => {
    const r = writeAnyFile('o.kml', twoUnitCoverage(), { unitIds: ['no-such-unit'] });
    expect(r.ok ? null : r.errors[0]).toMatchObject({ code: 'write-failed', file: 'o.kml' });
  });
});
