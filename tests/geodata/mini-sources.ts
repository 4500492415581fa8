// A small source tree in the layout of ../shared/geodata-src (SOURCES.md §7), written by the test itself
// so that the prepare script's error paths run in any checkout: the 34 provinces with their real codes,
// names and resolutions (from the committed index), three made-up units in Hải Phòng, the mappings they
// need and one old commune. `edit` changes a file's content before it is written.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from '../helpers/data';

export const HAI_PHONG_FILE = 'new-2025/provinces/31_hai_phong.geojson.gz';
export const ATTRIBUTES_FILE = 'new-2025/vn_communes_2025_attributes.csv';
export const RESOLUTIONS_FILE = 'legal/provinces_resolutions.csv';

interface IndexProvince {
  readonly code: string;
  readonly name: string;
  readonly resolution: string;
}

/** A ring of seven positions around a 0.01° square whose lower-left corner is (x, y). */
function square(x: number, y: number): number[][] {
  const d = 0.01;
  return [[x, y], [x + d / 2, y], [x + d, y], [x + d, y + d], [x + d / 2, y + d], [x, y + d], [x, y]];
}

const UNITS = [
  { code: '10501', fullName: 'Phường Một', x: 106.3 },
  { code: '10504', fullName: 'Xã Hai', x: 106.31 },
  { code: '10507', fullName: 'Phường Thành Đông', x: 106.32 },
];

type Texts = Record<string, string>;

function texts(): Texts {
  const provinces = (JSON.parse(readFileSync(join(ROOT, 'public', 'data', 'provinces', 'index.json'), 'utf8')) as { provinces: IndexProvince[] }).provinces;
  const hp = provinces.find((p) => p.code === '31')!;
  const csv = (rows: string[][]) => rows.map((r) => r.join(',')).join('\n') + '\n';
  const feature = (u: (typeof UNITS)[number]) => ({
    type: 'Feature',
    id: u.code,
    properties: { code: u.code, name: u.fullName.replace(/^(Phường|Xã) /u, ''), fullName: u.fullName, areaKm2: 1.15 },
    geometry: { type: 'MultiPolygon', coordinates: [[square(u.x, 20.9)]] },
  });
  const files: Texts = {
    [RESOLUTIONS_FILE]: csv([['province_code', 'province_name', 'resolution'], ...provinces.map((p) => [p.code, p.name, p.resolution])]),
    [ATTRIBUTES_FILE]: csv([
      ['code', 'full_name', 'province_code', 'province_name', 'before_merger', 'admin_centre', 'area_km2'],
      ...UNITS.map((u) => [u.code, u.fullName, '31', hp.name, '', '', '1.15']),
    ]),
    'mapping/provinces_63_to_34.csv': csv([
      ['new_province_code', 'new_province_name', 'old_province_code', 'old_province_name', 'merge_type'],
      ['31', hp.name, '31', 'Thành phố Hải Phòng', 'full'],
    ]),
    'mapping/dvhcvn_20250701_splits.json': JSON.stringify({
      data: [{ level1_id: '31', name: 'Thành phố Hải Phòng', level3s: UNITS.map((u) => ({ level3_id: `9${u.code}`, name: `Cũ ${u.code}` })) }],
    }),
    'mapping/dvhcvn_20250701_merges.json': JSON.stringify({
      data: [{ level1_id: '31', name: hp.name, level2s: UNITS.map((u) => ({ level2_id: u.code, name: u.fullName, merges: [{ old_id: `9${u.code}`, name: `Cũ ${u.code}`, type: 'full' }] })) }],
    }),
    'old-pre2025/vn_communes_2008_vietnam63.geojson': JSON.stringify({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { commune_id: 1, commune_vn: 'Cũ', district_vn: 'Huyện Cũ', province_vn: 'Hải Phòng' }, geometry: { type: 'MultiPolygon', coordinates: [[square(106.3, 20.9)]] } }],
    }),
  };
  for (const p of provinces) {
    const features = p.code === '31' ? UNITS.map(feature) : [];
    files[p.code === '31' ? HAI_PHONG_FILE : `new-2025/provinces/${p.code}_province.geojson.gz`] = JSON.stringify({ type: 'FeatureCollection', features });
  }
  return files;
}

/** Writes the tree to a new temporary folder and returns its path. */
export function miniSources(edit: Record<string, (text: string) => string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'mini-sources-'));
  for (const [rel, text] of Object.entries(texts())) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    const edited = edit[rel] ? edit[rel](text) : text;
    writeFileSync(path, rel.endsWith('.gz') ? gzipSync(edited) : edited);
  }
  return dir;
}
