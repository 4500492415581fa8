// Exports right for every province (issue 11.5): each of the 34 provinces' drafts exported as the export
// dialog writes it and read back with GDAL, compared field by field and vertex by vertex
// (province-exports.ts). To stay quick on a 2-core CI: every province in the submission GeoJSON and the
// VN-2000 Shapefile (the province's meridian, its EPSG zone, the .prj's datum shift as GDAL names it, the
// .dbf text through the .cpg, GDAL's reprojection to WGS 84 with QĐ 05/2007's shift given), three units
// each (the first, the one of most rings, the one with the longest truocsapnhap); every format for a fixed
// sample of provinces. `npm run verify:exports` does every unit of every province in every format.
// GDAL (ogrinfo, ogr2ogr) is required: CI installs gdal-bin.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatTruocSapNhap } from '../../src/io/props';
import { exportGridNote } from '../../src/io/province-export';
import { checkExport, EXPORT_FORMATS, gdalDefaultShiftM, loadProvince, provinceCodes, type LoadedProvince } from './province-exports';

// A province's file is decoded and its exports written and read by GDAL: seconds each on a loaded machine.
const dir = mkdtempSync(join(tmpdir(), 'dia-gioi-province-exports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The first unit, the one with the most rings (islands), the one with the longest list of old units. */
function sample(p: LoadedProvince): string[] {
  const units = [...p.coverage.units.values()];
  const rings = (id: string) => p.coverage.units.get(id)!.polygons.reduce((n, q) => n + q.length, 0);
  const listBytes = (id: string) => new TextEncoder().encode(formatTruocSapNhap(p.coverage.units.get(id)!.attrs.formedFrom)).length;
  const most = (score: (id: string) => number) => units.map((u) => u.id).reduce((a, b) => (score(b) > score(a) ? b : a));
  return [...new Set([units[0]!.id, most(rings), most(listBytes)])];
}

const codes = provinceCodes();

describe('exports of every province, read back by GDAL', () => {
  it('covers the 34 provinces', () => {
    expect(codes).toHaveLength(34);
  });

  it.each(codes)('province %s: submission GeoJSON and VN-2000 Shapefile, reprojected by GDAL', (code) => {
    const p = loadProvince(code);
    const ids = sample(p);
    for (const format of ['submission', 'shapefile-vn2000'] as const) {
      // The Shapefile is also taken back to WGS 84 by GDAL, given QĐ 05/2007's shift (-s_srs), within 1 cm.
      const r = checkExport(dir, format, p, ids, true);
      expect(r.problems, `${code} ${format}`).toEqual([]);
      expect(r.features).toBe(ids.length);
    }
  }, 180_000);

  // The dialog's warning about EPSG:5194 (exportGridNote), against what GDAL does when left to choose:
  // Hải Phòng, Cần Thơ, and in Hồ Chí Minh City a ward inside the area and Côn Đảo, 200 km south of it.
  it.each([
    { name: 'Hải Phòng', code: '31', unit: null, warned: false },
    { name: 'Cần Thơ', code: '92', unit: null, warned: true },
    { name: 'Phường Thủ Dầu Một, Hồ Chí Minh City', code: '79', unit: '25747', warned: true },
    { name: 'Đặc khu Côn Đảo, Hồ Chí Minh City', code: '79', unit: '26732', warned: false },
  ] as const)('$name: the dialog warns of EPSG:5194 exactly where GDAL takes it', ({ code, unit, warned }) => {
    const p = loadProvince(code);
    const ids = unit ? [unit] : [[...p.coverage.units.keys()][0]!];
    expect(exportGridNote(p.province, p.coverage, ids).epsg5194).toBe(warned);
    const shift = gdalDefaultShiftM(dir, p, ids);
    if (warned) {
      expect(shift).toBeGreaterThan(0.7);
      expect(shift).toBeLessThan(0.9);
    } else expect(shift).toBeLessThan(0.01);
  }, 180_000);

  it.each(['01', '31', '48', '68'])('province %s: every format the export dialog offers', (code) => {
    const p = loadProvince(code);
    const ids = sample(p);
    for (const format of EXPORT_FORMATS) {
      const r = checkExport(dir, format, p, ids);
      expect(r.problems, `${code} ${format}`).toEqual([]);
      expect(r.fileName.startsWith(`${code}_`)).toBe(true);
    }
  }, 300_000);
});
