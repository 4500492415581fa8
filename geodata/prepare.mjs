#!/usr/bin/env node
// Prepares the files the app loads (public/data/) from the MIT-licensed sources in geodata/src/.
// Reproducible: same inputs give byte-identical outputs (no timestamps, stable order).
// Fails loudly, naming the file, the feature and the field at fault.
//
//   node geodata/prepare.mjs          write the outputs
//   node geodata/prepare.mjs --check  exit 1 if the committed outputs differ from a fresh run
//   --src DIR --out DIR                other folders (tests use them)
//
// Outputs and their fields are documented in geodata/README.md.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv } from './csv.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const srcDir = option('--src', join(here, 'src'));
const outDir = option('--out', join(root, 'public', 'data'));

const PROVINCE = { code: '31', name: 'Thành phố Hải Phòng' };
const TYPE_BY_PREFIX = [
  ['Phường ', 'phuong'],
  ['Xã ', 'xa'],
  ['Đặc khu ', 'dac-khu'],
];

class DataError extends Error {}

function fail(file, where, message) {
  throw new DataError(`${relative(root, file)}: ${where}: ${message}`);
}

function readJson(file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    fail(file, 'file', `cannot be read (${e.code ?? e.message})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    fail(file, 'file', `is not valid JSON (${e.message})`);
  }
}

function readCsvObjects(file) {
  const rows = parseCsv(readFileSync(file, 'utf8').normalize('NFC'));
  const header = rows.shift();
  if (!header) fail(file, 'header', 'file is empty');
  return rows.map((r, i) => {
    if (r.length !== header.length) fail(file, `line ${i + 2}`, `has ${r.length} fields, header has ${header.length}`);
    return Object.fromEntries(header.map((h, j) => [h, r[j]]));
  });
}

function checkPositions(file, where, geometry) {
  if (!geometry || (geometry.type !== 'MultiPolygon' && geometry.type !== 'Polygon')) {
    fail(file, where, `geometry.type is ${geometry?.type ?? 'missing'}, expected Polygon or MultiPolygon`);
  }
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  polys.forEach((poly, p) =>
    poly.forEach((ring, r) => {
      if (!Array.isArray(ring) || ring.length < 4) fail(file, `${where} polygon ${p} ring ${r}`, 'ring has fewer than 4 positions');
      ring.forEach((pos, v) => {
        const [lon, lat] = pos;
        if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
          fail(file, `${where} polygon ${p} ring ${r} vertex ${v}`, `position ${JSON.stringify(pos)} is not lon/lat in degrees`);
        }
      });
    }),
  );
}

function unitType(file, where, fullName) {
  for (const [prefix, type] of TYPE_BY_PREFIX) if (fullName.startsWith(prefix)) return type;
  return fail(file, `${where} field fullName`, `"${fullName}" does not start with Phường, Xã or Đặc khu`);
}

function prepareUnits() {
  const file = join(srcDir, 'haiphong_communes_2025.geojson');
  const mappingFile = join(srcDir, 'haiphong_2025_old_to_new.csv');
  const fc = readJson(file);
  if (fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) fail(file, 'root', 'not a FeatureCollection');

  const formedFrom = new Map();
  for (const [i, row] of readCsvObjects(mappingFile).entries()) {
    const where = `line ${i + 2}`;
    if (!/^\d{5}$/.test(row.new_code)) fail(mappingFile, `${where} field new_code`, `"${row.new_code}" is not 5 digits`);
    if (!/^\d{3,5}$/.test(row.old_code)) fail(mappingFile, `${where} field old_code`, `"${row.old_code}" is not a 3–5 digit code`);
    if (row.merge_type !== 'full' && row.merge_type !== 'partial') {
      fail(mappingFile, `${where} field merge_type`, `"${row.merge_type}" is neither full nor partial`);
    }
    const list = formedFrom.get(row.new_code) ?? [];
    list.push({
      code: row.old_code,
      name: row.old_name,
      kind: row.merge_type,
      district: row.old_district_name,
      province: row.old_province_name,
    });
    formedFrom.set(row.new_code, list);
  }

  const seen = new Set();
  const features = fc.features.map((f, i) => {
    const p = f.properties ?? {};
    const where = `feature ${i} (code ${p.code ?? '?'})`;
    if (typeof p.code !== 'string' || !/^\d{5}$/.test(p.code)) fail(file, `${where} field code`, `"${p.code}" is not a 5-digit code`);
    if (seen.has(p.code)) fail(file, `${where} field code`, 'duplicate code');
    seen.add(p.code);
    for (const field of ['name', 'fullName']) {
      if (typeof p[field] !== 'string' || p[field].trim() === '') fail(file, `${where} field ${field}`, 'missing or empty');
    }
    if (typeof p.areaKm2 !== 'number' || !(p.areaKm2 > 0)) fail(file, `${where} field areaKm2`, `"${p.areaKm2}" is not a positive number`);
    checkPositions(file, where, f.geometry);
    const from = formedFrom.get(p.code);
    if (!from) fail(mappingFile, `new_code ${p.code}`, 'no old units listed for this new unit');
    formedFrom.delete(p.code);
    const fullName = p.fullName.normalize('NFC');
    return {
      type: 'Feature',
      id: p.code,
      properties: {
        code: p.code,
        name: p.name.normalize('NFC'),
        fullName,
        nameEn: p.nameEn ?? null,
        type: unitType(file, where, fullName),
        provinceCode: PROVINCE.code,
        provinceName: PROVINCE.name,
        officialAreaKm2: p.areaKm2,
        formedFrom: from,
        adminSeat: p.bando_trungtamhc ?? null,
      },
      // Coordinates unchanged: the model's round-trip test depends on exact values.
      geometry: f.geometry,
    };
  });
  if (formedFrom.size > 0) fail(mappingFile, 'new_code', `codes not in the unit file: ${[...formedFrom.keys()].join(', ')}`);
  features.sort((a, b) => a.id.localeCompare(b.id));
  return { type: 'FeatureCollection', features };
}

function prepareOldCommunes() {
  const file = join(srcDir, 'haiphong_haiduong_communes_2008_vietnam63.geojson');
  const fc = readJson(file);
  if (fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) fail(file, 'root', 'not a FeatureCollection');
  const features = fc.features.map((f, i) => {
    const p = f.properties ?? {};
    const where = `feature ${i} (commune_id ${p.commune_id ?? '?'})`;
    if (!Number.isInteger(p.commune_id)) fail(file, `${where} field commune_id`, 'not an integer');
    for (const field of ['commune_vn', 'district_vn', 'province_vn']) {
      if (typeof p[field] !== 'string' || p[field].trim() === '') fail(file, `${where} field ${field}`, 'missing or empty');
    }
    checkPositions(file, where, f.geometry);
    const id = String(p.commune_id);
    return {
      type: 'Feature',
      id,
      properties: {
        id,
        name: p.commune_vn.normalize('NFC'),
        district: p.district_vn.normalize('NFC'),
        province: p.province_vn.normalize('NFC'),
      },
      geometry: f.geometry,
    };
  });
  features.sort((a, b) => a.id.localeCompare(b.id));
  return { type: 'FeatureCollection', features };
}

/** One feature per line: diffable in git, still plain JSON. */
function serialize(fc) {
  return `{"type":"FeatureCollection","features":[\n${fc.features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
}

function main() {
  const check = process.argv.includes('--check');
  const outputs = [
    ['haiphong-2025.geojson', prepareUnits()],
    ['haiphong-haiduong-old-2008.geojson', prepareOldCommunes()],
  ];
  mkdirSync(outDir, { recursive: true });
  let stale = 0;
  for (const [name, fc] of outputs) {
    const path = join(outDir, name);
    const text = serialize(fc);
    if (check) {
      let current = '';
      try {
        current = readFileSync(path, 'utf8');
      } catch {
        current = '';
      }
      if (current !== text) {
        console.error(`stale: ${relative(root, path)} differs from a fresh run of geodata/prepare.mjs`);
        stale++;
      }
    } else {
      writeFileSync(path, text);
      console.log(`wrote ${relative(root, path)}: ${fc.features.length} features, ${text.length} bytes`);
    }
  }
  if (stale) process.exit(1);
}

try {
  main();
} catch (e) {
  if (e instanceof DataError) {
    console.error(`prepare failed: ${e.message}`);
    process.exit(1);
  }
  throw e;
}
