// `npm run verify:exports [-- CODE...] [--formats submission,kml]`: every unit of every province (or of
// those named) in every export format, written as the export dialog writes it and read back by GDAL
// (tests/io/province-exports.ts). Prints one line per province and format, then the largest differences;
// exits 1 when anything differs. The unit suite runs the same checks on a sample (province-exports.test.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkExport, EXPORT_FORMATS, loadProvince, provinceCodes, type ExportFormat } from './province-exports';

const args = process.argv.slice(2);
const fi = args.indexOf('--formats');
const formats = (fi >= 0 ? args[fi + 1]!.split(',') : EXPORT_FORMATS) as ExportFormat[];
const named = args.filter((a, i) => !a.startsWith('--') && (fi < 0 || i !== fi + 1));
const codes = named.length ? named : provinceCodes();

const dir = mkdtempSync(join(tmpdir(), 'dia-gioi-exports-'));
let failed = 0, checks = 0, units = 0;
let maxDeg = 0, maxM = 0, maxReprojected = 0;
const started = performance.now();
try {
  for (const code of codes) {
    const p = loadProvince(code);
    units += p.coverage.units.size;
    for (const format of formats) {
      const t = performance.now();
      const r = checkExport(dir, format, p, undefined, true);
      checks++;
      const onGrid = r.maxReprojectedM !== null;
      if (onGrid) {
        maxM = Math.max(maxM, r.maxDifference);
        maxReprojected = Math.max(maxReprojected, r.maxReprojectedM!);
      } else maxDeg = Math.max(maxDeg, r.maxDifference);
      const diff = onGrid ? `${r.maxDifference.toFixed(4)} m (GDAL reprojected ${r.maxReprojectedM!.toFixed(4)} m)` : `${r.maxDifference.toExponential(2)}°`;
      console.log(`${code} ${format.padEnd(16)} ${String(r.features).padStart(4)} units  ${diff}  ${((performance.now() - t) / 1000).toFixed(1)} s  ${r.problems.length ? 'FAIL' : 'ok'}  ${r.fileName}`);
      for (const line of r.problems.slice(0, 10)) console.log(`    ${line}`);
      if (r.problems.length) failed++;
      rmSync(join(dir, r.fileName), { force: true });
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`${codes.length} provinces, ${units} units, ${formats.length} formats: ${checks} exports read back by GDAL, ${failed} with differences`);
console.log(`largest difference: ${maxDeg.toExponential(2)}° (lon/lat files), ${maxM.toFixed(4)} m (VN-2000 files), ${maxReprojected.toFixed(4)} m (VN-2000 reprojected by GDAL to WGS 84)`);
console.log(`${((performance.now() - started) / 1000).toFixed(0)} s`);
process.exit(failed ? 1 : 0);
