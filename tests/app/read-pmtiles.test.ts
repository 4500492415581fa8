// A PMTiles archive is checked before it is kept: what it holds, or what is wrong with it.
import { describe, expect, it } from 'vitest';
import { checkPmtiles } from '../../src/app/read-pmtiles';
import { pmtilesArchive } from '../helpers/pmtiles-archive';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
const box = [106.6, 20.8, 106.7, 20.9] as const;
const file = (bytes: Uint8Array, name = 'nen.pmtiles') => new File([bytes as Uint8Array<ArrayBuffer>], name);

describe('checkPmtiles', () => {
  it('reads a raster archive’s kind, zooms and bounds', async () => {
    const a = pmtilesArchive([{ z: 12, x: 3261, y: 1804, data: PNG }, { z: 13, x: 6523, y: 3608, data: PNG }], box);
    const r = await checkPmtiles(file(a));
    expect(r).toEqual({ ok: true, tileType: 'raster', bounds: box, zooms: [12, 13], vectorLayers: [] });
  });

  it('says which file is not an archive, is cut short, or has no valid bounds', async () => {
    const a = pmtilesArchive([{ z: 12, x: 3261, y: 1804, data: PNG }], box);
    const text = await checkPmtiles(file(new TextEncoder().encode('not an archive at all, just some text that is long enough'), 'x.pmtiles'));
    expect(text).toMatchObject({ ok: false });
    expect(!text.ok && text.fault).toMatchObject({ code: 'pmtiles-not-archive', file: 'x.pmtiles', detail: expect.stringMatching(/^the file starts with "not an ", not the PMTiles magic number/) });
    const cut = await checkPmtiles(file(a.subarray(0, 60)));
    expect(!cut.ok && cut.fault).toMatchObject({ code: 'pmtiles-cut-short', file: 'nen.pmtiles', detail: 'the file has 60 bytes, less than a PMTiles header (127)' });
    const flat = pmtilesArchive([{ z: 12, x: 3261, y: 1804, data: PNG }], [106.6, 20.8, 106.6, 20.9]);
    const r = await checkPmtiles(file(flat));
    expect(!r.ok && r.fault).toMatchObject({ code: 'pmtiles-bounds', detail: expect.stringMatching(/no valid bounds/) });
  });

  it('a bad magic number is not an archive', async () => {
    const a = pmtilesArchive([{ z: 12, x: 3261, y: 1804, data: PNG }], box);
    a.write('XMTiles', 0, 'ascii');
    const r = await checkPmtiles(file(a, 'sai.pmtiles'));
    expect(!r.ok && r.fault).toMatchObject({ code: 'pmtiles-not-archive', file: 'sai.pmtiles', detail: 'the file starts with "XMTiles", not the PMTiles magic number "PMTiles"' });
  });

  it('an archive cut inside its directory or its tiles is refused, naming the section that is cut', async () => {
    const a = pmtilesArchive([{ z: 12, x: 3261, y: 1804, data: PNG }, { z: 13, x: 6523, y: 3608, data: PNG }], box);
    const inDirectory = await checkPmtiles(file(a.subarray(0, 130)));
    expect(!inDirectory.ok && inDirectory.fault).toMatchObject({ code: 'pmtiles-cut-short', detail: expect.stringMatching(/^its root directory reaches byte \d+ but the file has 130 bytes/) });
    const inTiles = await checkPmtiles(file(a.subarray(0, a.length - 4)));
    expect(!inTiles.ok && inTiles.fault).toMatchObject({ code: 'pmtiles-cut-short', detail: `its tile data reaches byte ${a.length} but the file has ${a.length - 4} bytes` });
  });

  it('refuses a tile type it cannot draw', async () => {
    const a = pmtilesArchive([{ z: 12, x: 3261, y: 1804, data: PNG }], box);
    a[99] = 9; // an unknown tile type
    const r = await checkPmtiles(file(a));
    expect(!r.ok && r.fault).toMatchObject({ code: 'pmtiles-tile-type', detail: expect.stringMatching(/unknown type \(9\)/) });
  });
});
