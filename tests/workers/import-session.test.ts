// The import worker's logic driven with plain messages in Node (no Worker): progress while reading, a
// file past the size limit refused before a byte is read, bombs and giants answered with a 'too-large'
// or 'broken-zip' preview (never an exception), re-reads that reuse the bytes, the build of a new draft,
// and every answer a plain structured-clone value.
import { describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { ImportSession, readBlob } from '../../src/workers/import-session';
import type { ImportRequest, ImportRequestBody, ImportResponse } from '../../src/workers/import-protocol';
import { vn2000 } from '../../src/io/vn2000';
import { LIMITS } from '../../src/io/limits';
import { rect, row } from '../helpers/coverages';
import { actionApplyProposal } from '../../src/core/actions/apply-proposal';
import { applyDiff } from '../../src/core/history/diff';
import { plain } from '../persistence/helpers';

async function run(requests: readonly ImportRequestBody[]): Promise<ImportResponse[]> {
  const out: ImportResponse[] = [];
  // What a worker would post goes through a structured clone, as postMessage does.
  const session = new ImportSession((m) => out.push(structuredClone(m)));
  let id = 1;
  for (const r of requests) await session.handle({ ...r, id: id++ } as ImportRequest);
  return out;
}

const read = (file: Blob | undefined, fileName: string, options = {}): ImportRequestBody => ({ kind: 'read', file, fileName, options, coverage: row(), toleranceM: 0.1 });
const geojson = (...f: unknown[]) => new Blob([JSON.stringify({ type: 'FeatureCollection', features: f })]);
const final = (ms: ImportResponse[]) => ms.filter((m) => m.kind !== 'progress');

describe('the import session', () => {
  it('reports reading progress up to the whole file, then previews it', async () => {
    const ms = await run([read(geojson(rect('10004', 106.03, 20, 106.04, 20.01)), 'a.geojson')]);
    const reading = ms.flatMap((m) => (m.kind === 'progress' && m.phase === 'read' ? [m] : []));
    expect(reading.length).toBeGreaterThan(1);
    expect(reading.at(-1)!.done).toBe(reading.at(-1)!.total);
    expect(ms.some((m) => m.kind === 'progress' && m.phase === 'parse')).toBe(true);
    const [p] = final(ms);
    expect(p).toMatchObject({ kind: 'preview', id: 1, ok: true });
    expect(p!.kind === 'preview' && p!.ok && p!.preview.rows.map((r) => r.code)).toEqual(['10004']);
  });

  it('refuses a file past the size limit without reading a byte of it', async () => {
    const size = LIMITS.fileBytes + 1;
    const huge = { size, stream: () => { throw new Error('read'); } } as unknown as Blob;
    const ms = await run([read(huge, 'lon.geojson')]);
    expect(ms).toEqual([{ kind: 'preview', id: 1, ok: false, errors: [expect.objectContaining({ code: 'too-large', file: 'lon.geojson', values: expect.objectContaining({ limit: 'fileBytes' }) })] }]);
  });

  it('answers a zip bomb that declares 1,000 bytes with broken-zip naming the archive', async () => {
    const zip = zipSync({ 'doc.kml': strToU8('<kml>' + ' '.repeat(5_000_000) + '</kml>') }, { level: 9 });
    // Declare 1,000 bytes in the local header and the central directory.
    const v = new DataView(zip.buffer);
    for (let i = 0; i + 4 <= zip.length; i++) {
      if (v.getUint32(i, true) === 0x04034b50) v.setUint32(i + 22, 1000, true);
      if (v.getUint32(i, true) === 0x02014b50) v.setUint32(i + 24, 1000, true);
    }
    const [p] = final(await run([read(new Blob([zip]), 'bom.kmz')]));
    expect(p).toMatchObject({ kind: 'preview', ok: false, errors: [{ code: 'broken-zip', file: 'bom.kmz' }] });
  });

  it('re-reads the kept bytes with the coordinate system the user chose', async () => {
    // VN-2000 metres around Hải Phòng: the meridian is asked first.
    const m = (x: number, y: number) => [x, y];
    const ring = [m(580000, 2300000), m(581000, 2300000), m(581000, 2301000), m(580000, 2301000), m(580000, 2300000)];
    const file = geojson({ type: 'Feature', properties: { code: '10004' }, geometry: { type: 'Polygon', coordinates: [ring] } });
    const ms = final(await run([read(file, 'vn.geojson'), read(undefined, 'vn.geojson', { fromCrs: vn2000(105.75) })]));
    expect(ms[0]).toMatchObject({ kind: 'preview', id: 1, ok: false, errors: [{ code: 'crs-unconfirmed' }] });
    expect(ms[1]).toMatchObject({ kind: 'preview', id: 2, ok: true, preview: { crs: { kind: 'vn2000', lon0: 105.75 } } });
  });

  it('builds the topology of the last file read, and refuses to build after a refused read', async () => {
    const ok = final(await run([read(geojson(rect('10004', 106.03, 20, 106.04, 20.01), rect('10005', 106.04, 20, 106.05, 20.01)), 'a.geojson'), { kind: 'build' }]));
    const built = ok[1]!;
    expect(built.kind).toBe('built');
    if (built.kind === 'built') expect([...built.coverage.units.keys()].length).toBe(2);
    const bad = final(await run([read(new Blob(['{']), 'b.geojson'), { kind: 'build' }]));
    expect(bad[1]).toMatchObject({ kind: 'failed', id: 2 });
  });

  it('applies the file to the draft it was compared with in the worker, and sends back only the difference', async () => {
    // 10003 moved 0.005° east (a gap where it was) and a new unit 10004 beside it.
    const file = geojson(rect('10003', 106.025, 20, 106.035, 20.01), rect('10004', 106.035, 20, 106.045, 20.01));
    const decision = { choices: new Map([['10003', 'theirs' as const]]), snapM: 0 };
    const ms = final(await run([read(file, 'a.geojson'), { kind: 'apply', decision }]));
    const a = ms[1]!;
    expect(a).toMatchObject({ kind: 'applied', id: 2, ok: true });
    if (a.kind !== 'applied' || !a.ok) return;
    // The same change as the action run on the page, applied to the page's own coverage.
    const c = row();
    const preview = ms[0]!;
    if (preview.kind !== 'preview' || !preview.ok) throw new Error('no preview');
    const expected = actionApplyProposal(preview.preview.incoming, decision)(c);
    expect(plain(applyDiff(c, a.diff))).toEqual(plain(expected));
    // A unit the change does not reach (10001) is not sent back; 10002 is: its border with 10003 moved.
    expect(Object.keys(a.diff.units).sort()).toEqual(['10002', '10003', '10004']);
  });

  it('answers an apply that would change nothing with its refusal, and an apply before a good read with a failure', async () => {
    const keepOurs = { choices: new Map([['10002', 'ours' as const]]), snapM: 0 };
    const ms = final(await run([read(geojson(rect('10002', 106.01, 20, 106.02, 20.02)), 'a.geojson'), { kind: 'apply', decision: keepOurs }]));
    expect(ms[1]).toEqual({ kind: 'applied', id: 2, ok: false, refusal: 'nothing-to-do' });
    const bad = final(await run([read(new Blob(['{']), 'b.geojson'), { kind: 'apply', decision: keepOurs }]));
    expect(bad[1]).toMatchObject({ kind: 'failed', id: 2, error: expect.stringMatching(/no file has been read without fault/) });
  });

  it('readBlob tells at most about a hundred steps and returns every byte', async () => {
    const bytes = new Uint8Array(3_000_000).map((_, i) => i % 251);
    const steps: number[] = [];
    const out = await readBlob(new Blob([bytes]), (done) => steps.push(done));
    expect(Buffer.from(out).equals(Buffer.from(bytes))).toBe(true);
    expect(steps.length).toBeLessThanOrEqual(102);
    expect(steps.at(-1)).toBe(bytes.length);
  });
});
