#!/usr/bin/env node
// Prepares the files the app loads (public/data/) from the MIT-licensed sources in geodata/src/, and,
// when ../shared is there, first the one source file of geodata/src/ that is cut rather than copied
// (the Hải Phòng merger table, from the MIT dvhcvn/20250701 JSON files). Writes geodata/manifest.json:
// the inputs of every output, which tests/geodata/provenance.test.ts checks against the licences.
// Reproducible: same inputs give byte-identical outputs (no timestamps, stable order).
// Fails loudly, naming the file, the feature and the field at fault.
//
//   node geodata/prepare.mjs          write the outputs
//   node geodata/prepare.mjs --check  exit 1 if the committed outputs differ from a fresh run
//   --src DIR --out DIR --shared DIR   other folders (tests use them)
//
// Outputs and their fields are documented in geodata/README.md.
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createHash } from 'node:crypto';
import { parseCsv } from './csv.mjs';
import { DataError, flag, geodataDir as here, option, root, runScript } from './script.mjs';

const srcDir = option('--src', join(here, 'src'));
const outDir = option('--out', join(root, 'public', 'data'));
const sharedDir = option('--shared', join(root, '..', 'shared', 'geodata-src'));
const manifestFile = option('--manifest', join(here, 'manifest.json'));
/** The one file of geodata/src/ made here (from the shared MIT JSON), not copied. */
const MAPPING_CSV = 'haiphong_2025_formed_from.csv';
const MAPPING_COLUMNS = ['new_code', 'new_name', 'old_code', 'old_name', 'merge_type', 'old_province_code', 'old_province_name'];

const PROVINCE = { code: '31', name: 'Thành phố Hải Phòng' };
const SOURCE_FILES = {
  units: 'haiphong_communes_2025.geojson',
  oldCommunes: 'haiphong_haiduong_communes_2008_vietnam63.geojson',
};
const TYPE_BY_PREFIX = [
  ['Phường ', 'phuong'],
  ['Xã ', 'xa'],
  ['Đặc khu ', 'dac-khu'],
];

/** A path as the manifest and the messages give it: shared/geodata-src/… or relative to the repository. */
const shown = (file) => (file.startsWith(sharedDir) ? `shared/geodata-src/${relative(sharedDir, file)}` : relative(root, file));

function fail(file, where, message) {
  throw new DataError(`${shown(file)}: ${where}: ${message}`);
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

const csvField = (v) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/**
 * The Hải Phòng merger table, one row per (new unit, old unit), in the order of merges.json: new unit and
 * its old units with the merge type from merges.json, the old unit's province from splits.json (old →
 * new, which lists every old unit under its old province). Both dvhcvn/20250701, MIT. No old district:
 * the only source of one is the GPL-3.0 GSO list (core/report/merger/match.ts says what stands in for it).
 */
function buildMappingCsv() {
  const mergesFile = join(sharedDir, 'mapping', 'dvhcvn_20250701_merges.json');
  const splitsFile = join(sharedDir, 'mapping', 'dvhcvn_20250701_splits.json');
  const oldProvince = new Map();
  for (const p of readJson(splitsFile).data ?? []) {
    for (const u of [...(p.level2s ?? []), ...(p.level3s ?? [])]) {
      const code = u.level3_id ?? u.level2_id;
      if (oldProvince.has(code)) fail(splitsFile, `old unit ${code}`, 'listed twice');
      oldProvince.set(code, { code: p.level1_id, name: p.name.normalize('NFC'), unit: u.name.normalize('NFC') });
    }
  }
  const province = (readJson(mergesFile).data ?? []).find((p) => p.level1_id === PROVINCE.code);
  if (!province) fail(mergesFile, `level1_id ${PROVINCE.code}`, 'missing');
  const lines = [MAPPING_COLUMNS.join(',')];
  for (const u of province.level2s ?? []) {
    if (!Array.isArray(u.merges) || u.merges.length === 0) fail(mergesFile, `level2_id ${u.level2_id}`, 'no old units');
    for (const [j, m] of u.merges.entries()) {
      const old = oldProvince.get(m.old_id);
      if (!old) fail(splitsFile, `old unit ${m.old_id}`, `missing (merges.json level2_id ${u.level2_id} merges ${j})`);
      if (old.unit !== m.name.normalize('NFC')) fail(splitsFile, `old unit ${m.old_id}`, `named "${old.unit}", merges.json says "${m.name}"`);
      lines.push([u.level2_id, u.name, m.old_id, m.name, m.type, old.code, old.name].map((v) => csvField(v.normalize('NFC'))).join(','));
    }
  }
  return { text: `${lines.join('\n')}\n`, inputs: [mergesFile, splitsFile] };
}

function prepareUnits() {
  const file = join(srcDir, SOURCE_FILES.units);
  const mappingFile = join(srcDir, MAPPING_CSV);
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
    list.push({ code: row.old_code, name: row.old_name, kind: row.merge_type, province: row.old_province_name });
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
  const file = join(srcDir, SOURCE_FILES.oldCommunes);
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

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** Which inputs each output was made from (with their sha256): what the provenance test checks. */
function serializeManifest(entries) {
  const outputs = entries.map(([path, inputs]) => `${JSON.stringify(path)}:{"inputs":{${inputs.map(([f, h]) => `\n  ${JSON.stringify(f)}:${JSON.stringify(h)}`).join(',')}\n}}`);
  return `{"about":"Inputs of every file geodata/prepare.mjs writes (sha256 of each); checked by npm run test:data and tests/geodata/provenance.test.ts.",\n"outputs":{\n${outputs.join(',\n')}\n}}\n`;
}

function committedManifestEntry(path) {
  try {
    const m = JSON.parse(readFileSync(manifestFile, 'utf8'));
    const e = m.outputs?.[path];
    return e ? Object.entries(e.inputs) : null;
  } catch {
    return null;
  }
}

function main() {
  const check = flag('--check');
  let stale = 0;
  const compareOrWrite = (path, text) => {
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
      console.log(`wrote ${relative(root, path)}: ${text.length} bytes`);
    }
  };
  const inputsOf = (files) => files.map((f) => [shown(f), sha256(readFileSync(f))]);
  const manifest = [];

  const mappingPath = join(srcDir, MAPPING_CSV);
  if (existsSync(join(sharedDir, 'mapping'))) {
    const csv = buildMappingCsv();
    compareOrWrite(mappingPath, csv.text);
    manifest.push([shown(mappingPath), inputsOf(csv.inputs)]);
  } else {
    // Its inputs are as recorded when it was last built (looked up by its usual place: tests use --src).
    const entry = committedManifestEntry(`geodata/src/${MAPPING_CSV}`);
    if (!entry) throw new DataError(`${relative(root, sharedDir)} not found and ${relative(root, manifestFile)} has no entry for geodata/src/${MAPPING_CSV}`);
    console.log(`${relative(root, sharedDir)} not found: ${MAPPING_CSV} is not rebuilt, its committed copy is used`);
    manifest.push([shown(mappingPath), entry]);
  }

  const outputs = [
    ['haiphong-2025.geojson', prepareUnits(), [join(srcDir, SOURCE_FILES.units), mappingPath]],
    ['haiphong-haiduong-old-2008.geojson', prepareOldCommunes(), [join(srcDir, SOURCE_FILES.oldCommunes)]],
  ];
  if (!check) mkdirSync(outDir, { recursive: true });
  for (const [name, fc, inputs] of outputs) {
    const path = join(outDir, name);
    compareOrWrite(path, serialize(fc));
    manifest.push([shown(path), inputsOf(inputs)]);
  }
  compareOrWrite(manifestFile, serializeManifest(manifest));
  if (stale) process.exit(1);
}

runScript('prepare', main);
