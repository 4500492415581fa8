// `npm run verify:national [-- --only 31,01]`: every province of the country, and the whole country as
// one coverage, checked by us and by GEOS; writes the agreement table to docs/national-agreement.md.
// Reads ../shared/geodata-src/new-2025/provinces/ (an optional extra: the repository bundles four
// provinces; issue 11 brings the rest). Exits 1 when any province disagrees.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { compareWithGeos } from './compare';
import type { CodedFeature } from './geos';

const SRC = join(import.meta.dirname, '..', '..', '..', 'shared', 'geodata-src', 'new-2025', 'provinces');
const OUT = join(import.meta.dirname, '..', '..', 'docs', 'national-agreement.md');
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg >= 0 ? new Set(process.argv[onlyArg + 1]!.split(',')) : null;
const withCountry = !process.argv.includes('--no-country');

function read(file: string): CodedFeature[] {
  const fc = JSON.parse(gunzipSync(readFileSync(join(SRC, file))).toString('utf8')) as { features: CodedFeature[] };
  return fc.features.map((f) => ({ ...f, properties: { ...f.properties, code: String(f.properties.code) } }));
}

const vertices = (fs: readonly CodedFeature[]) =>
  fs.reduce((s, f) => s + (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates).flat(2).length, 0);

interface Row {
  name: string;
  units: number;
  vertices: number;
  oursPairs: number;
  geosPairs: number;
  oursOverlapM2: number;
  geosOverlapM2: number;
  oursGaps: number;
  geosGaps: number;
  oursGapM2: number;
  geosGapM2: number;
  disagreements: string[];
}

async function row(name: string, fs: CodedFeature[]): Promise<Row> {
  const r = await compareWithGeos(fs, { toleranceM: 0.1 });
  // A near-coincident-border warning holds a pair's sliver pieces of both kinds: its overlap part counts
  // with the overlaps, its gap part with the gaps.
  const part = (i: (typeof r.ours)[number], k: 'overlapM2' | 'gapM2') => (i.details?.of === 'border' ? Number(i.details[k]) : (i.areaM2 ?? 0));
  const ov = r.ours.filter((i) => i.details?.of === 'overlap' || (i.details?.of === 'border' && part(i, 'overlapM2') > 0));
  const gp = r.ours.filter((i) => i.details?.of === 'gap' || (i.details?.of === 'border' && part(i, 'gapM2') > 0));
  return {
    name,
    units: fs.length,
    vertices: vertices(fs),
    oursPairs: new Set(ov.map((i) => i.units.join('+'))).size,
    geosPairs: new Set(r.geos.overlaps.map((p) => p.units.join('+'))).size,
    oursOverlapM2: ov.reduce((s, i) => s + part(i, 'overlapM2'), 0),
    geosOverlapM2: r.geos.overlaps.reduce((s, p) => s + p.areaM2, 0),
    oursGaps: gp.length,
    geosGaps: r.geos.gaps.length,
    oursGapM2: gp.reduce((s, i) => s + part(i, 'gapM2'), 0),
    geosGapM2: r.geos.gaps.reduce((s, p) => s + p.areaM2, 0),
    disagreements: r.disagreements.map((d) => `${d.what}: ${d.detail}`),
  };
}

const m2 = (v: number) => Math.round(v).toLocaleString('en-US');
const rows: Row[] = [];
const all: CodedFeature[] = [];
for (const file of readdirSync(SRC).filter((f) => f.endsWith('.geojson.gz')).sort()) {
  const fs = read(file);
  all.push(...fs);
  if (only && !only.has(file.slice(0, 2))) continue;
  const t0 = performance.now();
  rows.push(await row(file.replace('.geojson.gz', ''), fs));
  process.stdout.write(`${file}: ${rows.at(-1)!.disagreements.length} disagreement(s) (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
}
if (withCountry && !only) {
  rows.push(await row('whole country', all));
  process.stdout.write(`whole country: ${rows.at(-1)!.disagreements.length} disagreement(s)\n`);
}
const lines = [
  '# Checks against GEOS on every province',
  '',
  'Written by `npm run verify:national` (tests/oracle/national.mts): each province of',
  '`../shared/geodata-src/new-2025/provinces/` checked by our checker (tolerance 0.1 m) and by GEOS 3.13',
  '(geos-wasm: pairwise intersections, holes of the union), areas on the WGS84 ellipsoid. A disagreement is',
  'what the differential test counts as one (tests/oracle/compare.ts): a piece over 1 m² one engine has and',
  'the other not, an area off by more than 1 %, other units, another class, another validity verdict.',
  'Pieces of at most 1 m² ("dust") may be slivers or nothing, never errors. Counts differ where they',
  'should: GEOS counts every dust pair and every dust hole; we leave out zero-area crumbs and report the',
  'sliver pieces between two units as one near-coincident-border warning. The areas are the same.',
  '',
  '| province | units | vertices | overlapping pairs ours / GEOS | overlap m² ours / GEOS | gaps ours / GEOS | gap m² ours / GEOS | disagreements |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.name} | ${r.units} | ${r.vertices.toLocaleString('en-US')} | ${r.oursPairs} / ${r.geosPairs} | ${m2(r.oursOverlapM2)} / ${m2(r.geosOverlapM2)} | ${r.oursGaps} / ${r.geosGaps} | ${m2(r.oursGapM2)} / ${m2(r.geosGapM2)} | ${r.disagreements.length} |`),
  '',
  ...rows.filter((r) => r.disagreements.length > 0).flatMap((r) => [`## ${r.name}`, '', ...r.disagreements.map((d) => `- ${d}`), '']),
];
if (!only) writeFileSync(OUT, `${lines.join('\n')}\n`);
else process.stdout.write(`${lines.join('\n')}\n`);
process.exitCode = rows.some((r) => r.disagreements.length > 0) ? 1 : 0;
