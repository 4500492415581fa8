// npm run bench (part): our command-line check beside GEOS's own coverage validator and mapshaper's
// -mosaic, whole processes on the same file in the same run, best of 3, with peak memory (issue 15,
// point 6). Files: the largest province (68 Lâm Đồng, 527 k vertices) and the whole country (3,321 units,
// 7.1 M vertices) from ../shared/geodata-src (an optional extra: skipped with a line when absent).
// GEOS twice: native, through shapely ≥ 2.1 (`coverage_invalid_edges`, the baseline issue 15 names; a
// column only when `python3 -c 'import shapely'` works, else a line says it is missing), and 3.13
// compiled to WebAssembly (geos-wasm, GEOSCoverageIsValid), which every machine with `npm ci` has.
// Numbers are wall-clock; nothing is asserted.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ROOT } from '../helpers/data';

const SRC = join(ROOT, '..', 'shared', 'geodata-src', 'new-2025', 'provinces');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** Seconds and peak resident KiB of one whole process, from GNU time. */
function run(cmd: string, args: string[]): { s: number; kib: number; ok: boolean } {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  const last = r.stderr.trim().split('\n').at(-1) ?? '';
  const [s, kib] = last.split(' ').map(Number);
  return { s: s ?? NaN, kib: kib ?? NaN, ok: r.status === 0 || r.status === 1 };
}

function best(cmd: string, args: string[]): { s: number; kib: number } {
  let b = { s: Infinity, kib: 0 };
  for (let i = 0; i < RUNS; i++) {
    const r = run(cmd, args);
    if (!r.ok) throw new Error(`${cmd} ${args.join(' ')} failed`);
    if (r.s < b.s) b = r;
  }
  return b;
}

const GEOS_SCRIPT = `
import initGeosJs from 'geos-wasm';
import { geojsonToGeosGeom } from 'geos-wasm/helpers';
import { readFileSync } from 'node:fs';
const geos = await initGeosJs();
const fc = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const g = geojsonToGeosGeom({ type: 'GeometryCollection', geometries: fc.features.map((f) => f.geometry) }, geos);
const invalid = geos.Module._malloc(4);
const valid = geos.GEOSCoverageIsValid(g, 0, invalid);
process.stdout.write(String(valid) + '\\n');
`;

// Native GEOS through shapely: read the whole file with GEOS's own GeoJSON reader, then the coverage
// validator, as the issue measured it.
const SHAPELY_SCRIPT = `
import sys
import shapely
parts = shapely.get_parts(shapely.from_geojson(open(sys.argv[1], 'rb').read()))
edges = shapely.coverage_invalid_edges(parts)
print(int((~shapely.is_empty(edges)).sum()))
`;

/** shapely's version when python3 has shapely ≥ 2.1 (coverage_invalid_edges), else null. */
function shapelyVersion(): string | null {
  const r = spawnSync('python3', ['-c', 'import shapely; print(shapely.__version__, ".".join(map(str, shapely.geos_version)))'], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  const [version, geosVersion] = r.stdout.trim().split(' ');
  const [major, minor] = (version ?? '').split('.').map(Number);
  return major! > 2 || (major === 2 && minor! >= 1) ? `shapely ${version}, GEOS ${geosVersion}` : null;
}

function main(): void {
  if (!existsSync(SRC)) {
    process.stdout.write(`coverage vs GEOS: skipped (${SRC} is absent)\n`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-cov-'));
  try {
    const geosScript = join(ROOT, 'node_modules', '.cache', 'bench-geos-coverage.mjs');
    writeFileSync(geosScript, GEOS_SCRIPT);
    const shapelyScript = join(dir, 'coverage-shapely.py');
    writeFileSync(shapelyScript, SHAPELY_SCRIPT);
    const shapely = shapelyVersion();
    if (!shapely) process.stdout.write('coverage vs GEOS: no native column (python3 has no shapely >= 2.1; pip install shapely)\n');
    const lamDong = join(dir, 'lam-dong.geojson');
    writeFileSync(lamDong, gunzipSync(readFileSync(join(SRC, '68_lam_dong.geojson.gz'))));
    const country = join(dir, 'country.geojson');
    const features: unknown[] = [];
    for (const f of readdirSync(SRC).filter((x) => x.endsWith('.geojson.gz')).sort()) {
      features.push(...(JSON.parse(gunzipSync(readFileSync(join(SRC, f))).toString('utf8')) as { features: unknown[] }).features);
    }
    writeFileSync(country, JSON.stringify({ type: 'FeatureCollection', features }));
    // The machine may be shared: the load says how far to trust the seconds (peak memory hardly moves).
    process.stdout.write(`\ncoverage check, whole process, best of ${RUNS} (s, peak MiB); ratio = ours / theirs (time, memory); load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
    for (const [name, file] of [['68 Lâm Đồng', lamDong], ['whole country', country]] as const) {
      const ours = best('node', ['scripts/cli.mjs', 'check', file, '--json']);
      const geos = best('node', [geosScript, file]);
      const native = shapely ? best('python3', [shapelyScript, file]) : null;
      const mapshaper = best('node', [join(ROOT, 'node_modules', 'mapshaper', 'bin', 'mapshaper'), file, '-mosaic', '-info']);
      const mib = (k: number) => (k / 1024).toFixed(0);
      const ratio = (t: { s: number; kib: number }) => `ratio ${(ours.s / t.s).toFixed(2)} time, ${(ours.kib / t.kib).toFixed(2)} memory`;
      process.stdout.write(
        `${name}: ours ${ours.s.toFixed(2)} s ${mib(ours.kib)} MiB | ` +
          (native ? `GEOS coverage_invalid_edges (${shapely}) ${native.s.toFixed(2)} s ${mib(native.kib)} MiB, ${ratio(native)} | ` : '') +
          `GEOS CoverageIsValid (wasm) ${geos.s.toFixed(2)} s ${mib(geos.kib)} MiB, ${ratio(geos)} | mapshaper -mosaic ${mapshaper.s.toFixed(2)} s ${mib(mapshaper.kib)} MiB, ${ratio(mapshaper)} | load ${loadavg()[0]!.toFixed(2)}\n`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
