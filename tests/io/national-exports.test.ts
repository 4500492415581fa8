// The national properties in every export for a province (issue 11.5), on a tiny inline coverage: the
// fields GDAL reads, the two areas each named, long lists over dBase columns, per-province file names.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { coverageFromFeatures, type Coverage } from '../../src/core/model';
import { provinceByCode } from '../../src/core/model/province';
import { readAnyFile } from '../../src/io/formats';
import { provinceExportFileName, provinceFields, writeProvinceExport } from '../../src/io/province-export';
import { buildSubmission, geoJsonText } from '../../src/io/submission';
import { twoUnits, unwrap } from './helpers';

const AT = '2026-12-06T03:00:00Z';
const haNoi = provinceByCode('01')!;
const dir = mkdtempSync(join(tmpdir(), 'dia-gioi-national-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Hà Nội's file imported as a new draft: no province code or name on the units; a long list of old units. */
function haNoiDraft(): Coverage {
  const names = ['Phường Trúc Bạch', 'Phường Quán Thánh', 'Phường Ngọc Hà', 'Phường Điện Biên', 'Phường Đội Cấn', 'Phường Kim Mã', 'Phường Đồng Xuân', 'Phường Cửa Đông', 'Phường Cửa Nam', 'Phường Thụy Khuê'];
  return coverageFromFeatures(twoUnits().map((f, i) => {
    const { provinceCode: _c, provinceName: _n, ...props } = f.properties;
    return { ...f, properties: { ...props, formedFrom: i === 0 ? names.map((name, k) => ({ code: String(4 + k).padStart(5, '0'), name, kind: k > 1 ? 'partial' : 'full' })) : props.formedFrom } };
  }));
}

function gdal(path: string): Record<string, unknown>[] {
  const r = spawnSync('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', path.endsWith('.zip') ? `/vsizip/${path}` : path], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.error) throw new Error(`ogr2ogr could not run (GDAL is required): ${r.error.message}`);
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { features: { properties: Record<string, unknown> }[] }).features.map((f) => f.properties);
}

describe('national properties for the draft\'s province', () => {
  it('submission: dientichkm2 is the official area and dientichdokm2 the measured one, so a read-back keeps the official area', () => {
    const c = haNoiDraft();
    const { collection } = buildSubmission(c, { exportedAt: AT, ...provinceFields(haNoi) });
    const p = collection.features[0]!.properties;
    expect(p.dientichkm2).toBe(12.22);
    // 0.01° × 0.01° at 20.9° N: about 1.04 km × 1.11 km.
    expect(p.dientichdokm2).toBeGreaterThan(1.1);
    expect(p.dientichdokm2).toBeLessThan(1.2);
    expect([p.matinh, p.tentinh, p.cancu]).toEqual(['01', 'Thành phố Hà Nội', '1656/NQ-UBTVQH15']);
    const back = coverageFromFeatures(unwrap(readAnyFile('s.geojson', geoJsonText(collection))).features);
    // Before: the measured 1.16 km² came back as the official area of a 12.22 km² ward.
    expect([...back.units.values()].map((u) => u.attrs.officialAreaKm2)).toEqual([12.22, null]);
  });

  it.each(['kml', 'shapefile-wgs84', 'shapefile-vn2000', 'vn2000-geojson'] as const)('%s: the national fields filled for the province, read by GDAL', (format) => {
    const c = haNoiDraft();
    const w = unwrap(writeProvinceExport(format, c, haNoi, { exportedAt: AT }));
    const path = join(dir, w.fileName);
    writeFileSync(path, w.bytes);
    const [first] = gdal(path);
    const shp = format.startsWith('shapefile');
    const list = shp ? ['truocsapnh', 'truocsap2'].map((k) => first![k] ?? '').join('') : first!.truocsapnhap;
    expect({
      matinh: first!.matinh, tentinh: first!.tentinh, maxa: first!.maxa, tenhc: first!.tenhc, loai: first!.loai, cancu: first!.cancu,
      official: shp ? first!.dientichkm : first!.dientichkm2,
    }).toEqual({ matinh: '01', tentinh: 'Thành phố Hà Nội', maxa: '10507', tenhc: 'Phường Thành Đông', loai: 'Phường', cancu: '1656/NQ-UBTVQH15', official: 12.22 });
    expect(typeof (shp ? first!.dtdokm2 : first!.dientichdokm2)).toBe('number');
    // Over 254 bytes: split over two dBase columns, cut beside no space (GDAL trims both ends of a cell).
    expect(list).toBe('Phường Trúc Bạch, Phường Quán Thánh, Phường Ngọc Hà (một phần), Phường Điện Biên (một phần), Phường Đội Cấn (một phần), Phường Kim Mã (một phần), Phường Đồng Xuân (một phần), Phường Cửa Đông (một phần), Phường Cửa Nam (một phần), Phường Thụy Khuê (một phần)');
    // Our own reader takes the file back to the same units.
    const back = coverageFromFeatures(unwrap(readAnyFile(w.fileName, w.bytes)).features);
    const a = [...back.units.values()][0]!.attrs;
    expect([a.code, a.fullName, a.provinceCode, a.officialAreaKm2, a.formedFrom.length]).toEqual(['10507', 'Phường Thành Đông', '01', 12.22, 10]);
  });

  it('names files with the province\'s code, and a VN-2000 file with its grid', () => {
    const c = haNoiDraft();
    expect(provinceExportFileName('submission', c, haNoi, { exportedAt: AT })).toBe('01_Ha_Noi_2026-12-06.geojson');
    expect(provinceExportFileName('shapefile-vn2000', c, haNoi, { exportedAt: AT })).toBe('01_Ha_Noi_2026-12-06_VN2000_105-00.zip');
    expect(provinceExportFileName('kml', c, haNoi, { exportedAt: AT, unitIds: ['10510'] })).toBe('01_10510_Ung_Hoe_2026-12-06.kml');
  });
});
