#!/usr/bin/env -S npx tsx
// Prepares the names index of every unit in Vietnam (public/data/provinces/names.json) from the committed
// province files (public/data/provinces/NN.bin, written by prepare-national.mjs): the first-open picker
// ("which commune or ward are you?") searches it, so it must be small and fetched at once, long before
// any province is downloaded. Format: geodata/README.md. Runs under tsx (it reads the province files with
// the app's decoder, src/io/topology-file.ts).
//
//   tsx geodata/prepare-names.mjs           write public/data/provinces/names.json
//   tsx geodata/prepare-names.mjs --check   exit 1 unless a fresh run gives the committed file byte for byte
//   --dir DIR                               another provinces folder (tests)
//
// Reproducible: it reads only committed files (no ../shared needed), the output has no timestamp,
// provinces and units are in code order, old provinces in the order of their first use.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'fflate';
import { decodeTopologyFile, TopologyFileError } from '../src/io/topology-file.ts';
import { DataError, flag, option, root, runScript } from './script.mjs';

const dir = option('--dir', join(root, 'public', 'data', 'provinces'));
const check = flag('--check');
const OUT = 'names.json';

function text(file, where, v) {
  if (typeof v !== 'string' || v.trim() === '') throw new DataError(`${file}: ${where}: expected a non-empty string, got ${JSON.stringify(v)}`);
  return v.normalize('NFC');
}

/** The names index, as the exact text written to names.json. */
export function buildNames(provincesDir) {
  const indexFile = join(provincesDir, 'index.json');
  const index = JSON.parse(readFileSync(indexFile, 'utf8'));
  if (!Array.isArray(index.provinces)) throw new DataError(`${indexFile}: no "provinces" list`);
  const provinces = [...index.provinces].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const oldProvinces = [];
  const oldIndex = new Map();
  const lines = [];
  let unitCount = 0;
  let oldCount = 0;
  for (const p of provinces) {
    const file = join(provincesDir, p.file);
    let decoded;
    try {
      decoded = decodeTopologyFile(new Uint8Array(readFileSync(file)), p.file);
    } catch (e) {
      throw e instanceof TopologyFileError ? new DataError(e.message) : e;
    }
    if (decoded.header.province.code !== p.code) throw new DataError(`${p.file}: province ${decoded.header.province.code}, index says ${p.code}`);
    const units = [...decoded.header.features].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const f of units) {
      const where = `unit ${f.id}`;
      const code = text(p.file, where, f.properties.code);
      const fullName = text(p.file, `${where} fullName`, f.properties.fullName);
      const formed = Array.isArray(f.properties.formedFrom) ? f.properties.formedFrom : [];
      const old = [];
      const seen = new Set();
      for (const [i, o] of formed.entries()) {
        const name = text(p.file, `${where} formedFrom[${i}].name`, o?.name);
        const province = text(p.file, `${where} formedFrom[${i}].province`, o?.province);
        // An old unit split between new units is listed under each of them; within one unit, once.
        const key = `${name}\u0000${province}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (!oldIndex.has(province)) {
          oldIndex.set(province, oldProvinces.length);
          oldProvinces.push(province);
        }
        old.push(name, oldIndex.get(province));
      }
      oldCount += old.length / 2;
      unitCount++;
      lines.push(JSON.stringify([p.code, code, fullName, old]));
    }
  }
  const head = {
    format: 'dia-gioi-unit-names',
    version: 1,
    about:
      'Written by geodata/prepare-names.mjs from the province files beside it; see geodata/README.md. ' +
      'units: [province code, unit code, full name, [old unit name, old province (index into oldProvinces), ...]].',
    counts: { provinces: provinces.length, units: unitCount, oldNames: oldCount },
    provinces: provinces.map((p) => [p.code, text('index.json', `province ${p.code}`, p.name)]),
    oldProvinces,
  };
  const headText = JSON.stringify(head);
  return `${headText.slice(0, -1)},"units":[\n${lines.join(',\n')}\n]}\n`;
}

function main() {
  const out = join(dir, OUT);
  const fresh = buildNames(dir);
  const bytes = Buffer.from(fresh, 'utf8');
  const gz = gzipSync(bytes, { level: 9 }).length;
  const shown = relative(root, out);
  if (check) {
    const committed = existsSync(out) ? readFileSync(out) : null;
    if (!committed || !committed.equals(bytes)) {
      console.error(`${shown} is not what geodata/prepare-names.mjs writes from the province files: run npm run prepare-data`);
      process.exit(1);
    }
    console.log(`checked ${shown}: ${bytes.length} bytes (${gz} gzipped), current`);
    return;
  }
  writeFileSync(out, bytes);
  console.log(`wrote ${shown}: ${bytes.length} bytes (${gz} gzipped)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runScript('prepare-names', main);
}
