// `npx tsx tests/bench/province-file.ts [codes]`: decoding the national province files (issue 11) —
// bytes → topology, → GeoJSON features, → the app's Coverage (topology/build.ts via coverageFromFeatures).
// Wall-clock medians on this machine; nothing here is asserted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { coverageFromFeatures } from '../../src/core/model';
import { decodeTopologyFile, topologyFileFeatures } from '../../src/io/topology-file';
import { ROOT } from '../helpers/data';

const DIR = join(ROOT, 'public', 'data', 'provinces');
const codes = process.argv[2]?.split(',') ?? ['68', '31'];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timed<T>(runs: number, f: () => T): [T, number] {
  const ts: number[] = [];
  let r!: T;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    r = f();
    ts.push(performance.now() - t);
  }
  return [r, median(ts)];
}

for (const code of codes) {
  const bytes = new Uint8Array(readFileSync(join(DIR, `${code}.bin`)));
  const [decoded, tDecode] = timed(15, () => decodeTopologyFile(bytes, `${code}.bin`));
  const [features, tFeatures] = timed(15, () => topologyFileFeatures(decoded));
  const [coverage, tCoverage] = timed(5, () => coverageFromFeatures(features));
  const vertices = features.reduce((s, f) => s + f.geometry.coordinates.flat(2).length, 0);
  console.log(
    `${code} ${decoded.header.province.name}: ${features.length} units, ${vertices} vertices (${decoded.header.arcVertices} stored), ${bytes.length} bytes\n` +
      `  decode ${tDecode.toFixed(1)} ms, to GeoJSON features ${tFeatures.toFixed(1)} ms (together ${(tDecode + tFeatures).toFixed(1)} ms), ` +
      `to Coverage ${tCoverage.toFixed(0)} ms, ${coverage.arcs.length} arcs`,
  );
}
