#!/usr/bin/env -S npx tsx
// Prepares the national data (all 34 provinces, 3,321 units, and the old communes of about 2008 as a
// context layer) from ../shared/geodata-src/ into public/data/provinces/, one compact lossless topology
// file per province and layer, plus an index for a province picker and a manifest of the sources.
// Format, fields, sources and licences: geodata/README.md. Runs under tsx (it decodes its own output
// with the app's decoder, src/io/topology-file.ts, to prove every coordinate comes back exactly).
//
//   tsx geodata/prepare-national.mjs           write the outputs (needs ../shared)
//   tsx geodata/prepare-national.mjs --check   with ../shared: exit 1 unless a fresh run gives the
//                                               committed outputs byte for byte; always: decode every
//                                               committed file and compare it with the manifest
//   --shared DIR  --out DIR  --manifest FILE  --only 31,68   other folders, or a few provinces (tests)
//
// Reproducible: same inputs, byte-identical outputs (no timestamps; units sorted by code, arcs numbered
// in the order the sorted units first use them). Fails loudly, naming the file, the feature and the field.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseCsv } from './csv.mjs';
import { gunzipSync } from 'node:zlib';
import { gzipSync } from 'fflate';
import { decodeTopologyFile, topologyFileFeatures, TopologyFileError } from '../src/io/topology-file.ts';
import { nameKey } from '../src/core/text/fold.ts';
import { buildTopology, encodeTopology } from './topology-encode.mjs';
import { DataError, flag, geodataDir as here, option, root, runScript } from './script.mjs';

const sharedDir = option('--shared', join(root, '..', 'shared', 'geodata-src'));
const outDir = option('--out', join(root, 'public', 'data', 'provinces'));
const manifestFile = option('--manifest', join(here, 'national-manifest.json'));
const only = option('--only', null)?.split(',');
const check = flag('--check');

const UNITS_DECIMALS = 6; // 1e-6° ≈ 0.1 m: the sources' own precision (a handful of vertices are finer: offGrid)
const OLD_DECIMALS = 8; // vietnam63 coordinates carry at most 8 decimals
const PROVINCE_COUNT = 34;
const UNIT_COUNT = 3321;
/**
 * The geometry's codes (thanglequoc, and the attributes CSV) differ from the merger mapping's (dvhcvn,
 * after Công văn 1027) for two units; the mapping is joined through this table, names checked.
 */
const MERGES_CODE = { '06978': '06970', '23938': '23737' };
const TYPE_BY_PREFIX = [
  ['phường ', 'phuong'],
  ['xã ', 'xa'],
  ['đặc khu ', 'dac-khu'],
];
/** vietnam63 province names (≈2008) that the 63 → 34 table spells otherwise. */
const OLD_PROVINCE_ALIAS = { 'Thừa Thiên Huế': 'Huế' };

const shown = (file) => (file.startsWith(sharedDir) ? `shared/geodata-src/${relative(sharedDir, file)}` : relative(root, file));
function fail(file, where, message) {
  throw new DataError(`${shown(file)}: ${where}: ${message}`);
}

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

function readBytes(file) {
  try {
    return readFileSync(file);
  } catch (e) {
    return fail(file, 'file', `cannot be read (${e.code ?? e.message})`);
  }
}

function parseJson(file, text) {
  try {
    return JSON.parse(text);
  } catch (e) {
    return fail(file, 'file', `is not valid JSON (${e.message})`);
  }
}

function readCsvObjects(file, inputs) {
  const bytes = readBytes(file);
  inputs.set(file, sha256(bytes));
  const rows = parseCsv(bytes.toString('utf8').normalize('NFC'));
  const header = rows.shift();
  if (!header) fail(file, 'header', 'file is empty');
  return rows.map((r, i) => {
    if (r.length !== header.length) fail(file, `line ${i + 2}`, `has ${r.length} fields, header has ${header.length}`);
    return Object.fromEntries(header.map((h, j) => [h, r[j]]));
  });
}

function readJsonInput(file, inputs, gz = false) {
  let bytes = readBytes(file);
  inputs.set(file, sha256(bytes));
  if (gz) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      fail(file, 'file', `is not gzip (${e.message})`);
    }
  }
  return parseJson(file, bytes.toString('utf8'));
}

function checkRing(file, where, ring) {
  if (!Array.isArray(ring) || ring.length < 4) fail(file, where, 'ring has fewer than 4 positions');
  ring.forEach((pos, v) => {
    if (!Array.isArray(pos) || pos.length !== 2) fail(file, `${where} vertex ${v}`, `position ${JSON.stringify(pos)} is not [lon, lat]`);
    const [lon, lat] = pos;
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
      fail(file, `${where} vertex ${v}`, `position ${JSON.stringify(pos)} is not lon/lat in degrees`);
    }
  });
  const a = ring[0];
  const b = ring[ring.length - 1];
  if (a[0] !== b[0] || a[1] !== b[1]) fail(file, where, 'ring is not closed (last position differs from the first)');
}

/** Canonical geometry hash: the exact coordinates as JSON (shortest round-trip doubles). */
const geometryHash = (coordinates) => sha256(JSON.stringify(coordinates));
/** One hash over a whole layer: id and geometry of every feature, in file order. */
const layerHash = (items) => sha256(items.map((it) => `${it.id}:${JSON.stringify(it.coordinates)}\n`).join(''));

/** Decodes what was just encoded and requires every coordinate of every feature back exactly. */
function proveLossless(name, bytes, items) {
  const features = topologyFileFeatures(decodeTopologyFile(new Uint8Array(bytes), name));
  if (features.length !== items.length) throw new DataError(`${name}: decoded ${features.length} features, encoded ${items.length}`);
  const same = (a, b) => a.length === b.length && a.every((poly, p) => poly.length === b[p].length && poly.every((ring, r) => {
    const s = b[p][r];
    return ring.length === s.length && ring.every((pos, v) => pos.length === 2 && pos[0] === s[v][0] && pos[1] === s[v][1]);
  }));
  features.forEach((f, i) => {
    if (f.id !== items[i].id || !same(f.geometry.coordinates, items[i].coordinates)) {
      throw new DataError(`${name}: feature ${items[i].id} does not decode to its source coordinates`);
    }
  });
}

const gzipBytes = (bytes) => gzipSync(bytes, { level: 9, mtime: 0 }).length;

// ---------------------------------------------------------------------------------------------------
// Attributes

function unitType(file, where, fullName) {
  const lower = fullName.toLowerCase();
  for (const [prefix, type] of TYPE_BY_PREFIX) if (lower.startsWith(prefix)) return type;
  return fail(file, `${where} field fullName`, `"${fullName}" does not start with Phường, Xã or Đặc khu`);
}

function readSources() {
  const inputs = new Map();
  const f = (p) => join(sharedDir, p);

  const resolutionsFile = f('legal/provinces_resolutions.csv');
  const resolutions = new Map();
  for (const [i, r] of readCsvObjects(resolutionsFile, inputs).entries()) {
    if (!/^\d{2}$/.test(r.province_code)) fail(resolutionsFile, `line ${i + 2} field province_code`, `"${r.province_code}" is not 2 digits`);
    if (!/^\d{4}\/NQ-UBTVQH15$/.test(r.resolution)) fail(resolutionsFile, `line ${i + 2} field resolution`, `"${r.resolution}" is not NNNN/NQ-UBTVQH15`);
    if (resolutions.has(r.province_code)) fail(resolutionsFile, `line ${i + 2} field province_code`, `${r.province_code} listed twice`);
    resolutions.set(r.province_code, r);
  }
  if (resolutions.size !== PROVINCE_COUNT) fail(resolutionsFile, 'rows', `${resolutions.size} provinces, expected ${PROVINCE_COUNT}`);

  const attributesFile = f('new-2025/vn_communes_2025_attributes.csv');
  const attributes = new Map();
  for (const [i, r] of readCsvObjects(attributesFile, inputs).entries()) {
    if (!/^\d{5}$/.test(r.code)) fail(attributesFile, `line ${i + 2} field code`, `"${r.code}" is not 5 digits`);
    if (attributes.has(r.code)) fail(attributesFile, `line ${i + 2} field code`, `${r.code} listed twice`);
    attributes.set(r.code, r);
  }

  // Old units (GSO codes of 01/03/2025) → their old province, from the splits (old → new) file.
  const splitsFile = f('mapping/dvhcvn_20250701_splits.json');
  const oldUnits = new Map();
  for (const p of readJsonInput(splitsFile, inputs).data ?? []) {
    for (const u of [...(p.level2s ?? []), ...(p.level3s ?? [])]) {
      const code = u.level3_id ?? u.level2_id;
      oldUnits.set(code, { name: u.name.normalize('NFC'), province: p.name.normalize('NFC') });
    }
  }

  const mergesFile = f('mapping/dvhcvn_20250701_merges.json');
  const merges = new Map();
  for (const p of readJsonInput(mergesFile, inputs).data ?? []) {
    for (const u of p.level2s ?? []) {
      if (!Array.isArray(u.merges) || u.merges.length === 0) fail(mergesFile, `level2_id ${u.level2_id}`, 'no old units');
      merges.set(u.level2_id, { province: p.level1_id, name: u.name.normalize('NFC'), merges: u.merges });
    }
  }

  const oldProvincesFile = f('mapping/provinces_63_to_34.csv');
  const newProvinceOfOld = new Map();
  for (const [i, r] of readCsvObjects(oldProvincesFile, inputs).entries()) {
    if (r.merge_type !== 'full') fail(oldProvincesFile, `line ${i + 2} field merge_type`, `"${r.merge_type}": an old province split between new ones`);
    newProvinceOfOld.set(nameKey(r.old_province_name.replace(/^(Tỉnh|Thành phố) /u, '')), r.new_province_code);
  }

  const provincesDir = f('new-2025/provinces');
  let names;
  try {
    names = readdirSync(provincesDir).filter((n) => n.endsWith('.geojson.gz')).sort();
  } catch (e) {
    fail(provincesDir, 'folder', `cannot be read (${e.code ?? e.message})`);
  }
  const provinceFiles = new Map();
  for (const n of names) {
    const m = /^(\d{2})_[a-z_]+\.geojson\.gz$/.exec(n);
    if (!m) fail(join(provincesDir, n), 'file name', 'is not NN_name.geojson.gz');
    if (!resolutions.has(m[1])) fail(join(provincesDir, n), 'file name', `province ${m[1]} is not in ${shown(resolutionsFile)}`);
    provinceFiles.set(m[1], join(provincesDir, n));
  }
  for (const code of resolutions.keys()) if (!provinceFiles.has(code)) fail(provincesDir, 'folder', `no file for province ${code}`);

  return { inputs, resolutions, attributes, attributesFile, oldUnits, merges, mergesFile, newProvinceOfOld, provinceFiles, oldCommunesFile: f('old-pre2025/vn_communes_2008_vietnam63.geojson') };
}

function unitItems(src, code, file, fc, renamed) {
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) fail(file, 'root', 'not a FeatureCollection');
  const resolution = src.resolutions.get(code).resolution;
  const seen = new Set();
  const items = fc.features.map((f, i) => {
    const p = f.properties ?? {};
    const where = `feature ${i} (code ${p.code ?? '?'})`;
    if (typeof p.code !== 'string' || !/^\d{5}$/.test(p.code)) fail(file, `${where} field code`, `"${p.code}" is not a 5-digit code`);
    if (seen.has(p.code)) fail(file, `${where} field code`, 'duplicate code');
    seen.add(p.code);
    if (f.id !== undefined && f.id !== p.code) fail(file, `${where} field id`, `feature id ${JSON.stringify(f.id)} differs from the code`);
    for (const field of ['name', 'fullName']) {
      if (typeof p[field] !== 'string' || p[field].trim() === '') fail(file, `${where} field ${field}`, 'missing or empty');
    }
    if (typeof p.areaKm2 !== 'number' || !(p.areaKm2 > 0)) fail(file, `${where} field areaKm2`, `"${p.areaKm2}" is not a positive number`);
    if (f.geometry?.type !== 'MultiPolygon') fail(file, `${where} geometry`, `type is ${f.geometry?.type ?? 'missing'}, expected MultiPolygon`);
    f.geometry.coordinates.forEach((poly, pi) => poly.forEach((ring, ri) => checkRing(file, `${where} polygon ${pi} ring ${ri}`, ring)));

    const a = src.attributes.get(p.code);
    if (!a) fail(src.attributesFile, `code ${p.code}`, `unit of ${shown(file)} has no row`);
    if (a.province_code !== code) fail(src.attributesFile, `code ${p.code} field province_code`, `"${a.province_code}", but the unit is in ${shown(file)}`);
    if (a.area_km2 !== '' && Number(a.area_km2) !== p.areaKm2) fail(src.attributesFile, `code ${p.code} field area_km2`, `${a.area_km2} differs from areaKm2 ${p.areaKm2} of ${shown(file)}`);
    const fullName = p.fullName.normalize('NFC');

    const mergesCode = MERGES_CODE[p.code] ?? p.code;
    const m = src.merges.get(mergesCode);
    if (!m) fail(src.mergesFile, `level2_id ${mergesCode}`, `missing (unit ${p.code} ${fullName})`);
    if (m.province !== code) fail(src.mergesFile, `level2_id ${mergesCode}`, `in province ${m.province}, the unit is in ${code}`);
    // Types may differ: the geometry is of mid-2026, after some xã became phường (e.g. in Đồng Nai).
    const bare = (n) => nameKey(n.replace(/^(phường|xã|đặc khu) /iu, ''));
    if (bare(m.name) !== bare(fullName)) fail(src.mergesFile, `level2_id ${mergesCode}`, `"${m.name}" is not "${fullName}"`);
    if (nameKey(m.name) !== nameKey(fullName)) renamed.push(`${p.code} ${m.name} → ${fullName}`);
    const formedFrom = m.merges.map((o, j) => {
      const old = src.oldUnits.get(o.old_id);
      if (!old) fail(src.mergesFile, `level2_id ${mergesCode} merges ${j}`, `old unit ${o.old_id} is not in the splits file`);
      if (o.type !== 'full' && o.type !== 'partial') fail(src.mergesFile, `level2_id ${mergesCode} merges ${j} field type`, `"${o.type}" is neither full nor partial`);
      return { code: o.old_id, name: o.name.normalize('NFC'), kind: o.type, province: old.province };
    });

    return {
      id: p.code,
      properties: {
        code: p.code,
        name: p.name.normalize('NFC'),
        fullName,
        nameEn: p.nameEn ?? null,
        type: unitType(file, where, fullName),
        provinceCode: code,
        provinceName: a.province_name,
        officialAreaKm2: p.areaKm2,
        formedFrom,
        adminSeat: a.admin_centre === '' ? null : a.admin_centre,
        beforeMerger: a.before_merger === '' ? null : a.before_merger,
        cancu: resolution,
      },
      coordinates: f.geometry.coordinates,
    };
  });
  items.sort((x, y) => (x.id < y.id ? -1 : 1));
  return items;
}

function oldCommuneItems(src) {
  const file = src.oldCommunesFile;
  const fc = readJsonInput(file, src.inputs);
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) fail(file, 'root', 'not a FeatureCollection');
  const byProvince = new Map();
  const seen = new Set();
  fc.features.forEach((f, i) => {
    const p = f.properties ?? {};
    const where = `feature ${i} (commune_id ${p.commune_id ?? '?'})`;
    if (!Number.isInteger(p.commune_id)) fail(file, `${where} field commune_id`, 'not an integer');
    const id = String(p.commune_id);
    if (seen.has(id)) fail(file, `${where} field commune_id`, 'duplicate id');
    seen.add(id);
    if (typeof p.province_vn !== 'string' || p.province_vn.trim() === '') fail(file, `${where} field province_vn`, 'missing or empty');
    if (f.geometry?.type !== 'MultiPolygon') fail(file, `${where} geometry`, `type is ${f.geometry?.type ?? 'missing'}, expected MultiPolygon`);
    f.geometry.coordinates.forEach((poly, pi) => poly.forEach((ring, ri) => checkRing(file, `${where} polygon ${pi} ring ${ri}`, ring)));
    // Two polygons have no commune name (1171591 in Kim Sơn, 9150101 in Đà Nẵng): kept, named null.
    const text = (v) => (typeof v === 'string' && v.trim() !== '' ? v.normalize('NFC') : null);
    const province = p.province_vn.normalize('NFC');
    const code = src.newProvinceOfOld.get(nameKey(OLD_PROVINCE_ALIAS[province] ?? province));
    if (!code) fail(file, `${where} field province_vn`, `"${province}" is not an old province of mapping/provinces_63_to_34.csv`);
    const list = byProvince.get(code) ?? [];
    list.push({
      id,
      properties: {
        id,
        name: text(p.commune_vn),
        district: text(p.district_vn),
        province,
      },
      coordinates: f.geometry.coordinates,
    });
    byProvince.set(code, list);
  });
  for (const list of byProvince.values()) list.sort((x, y) => (x.id.length - y.id.length) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return byProvince;
}

// ---------------------------------------------------------------------------------------------------
// Outputs

const unitsFile = (code) => `${code}.bin`;
const oldFile = (code) => `${code}.old-2008.bin`;

function bbox(items) {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const it of items) for (const poly of it.coordinates) for (const [x, y] of poly[0]) {
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return [x0, y0, x1, y1];
}

function fileEntry(name, bytes) {
  return { file: name, bytes: bytes.length, gzipBytes: gzipBytes(bytes), sha256: sha256(bytes) };
}

/** Builds one province's two files in memory. */
function prepareProvince(src, code, oldByProvince) {
  const file = src.provinceFiles.get(code);
  const renamed = [];
  const items = unitItems(src, code, file, readJsonInput(file, src.inputs, true), renamed);
  const province = { code, name: items[0].properties.provinceName, resolution: src.resolutions.get(code).resolution };
  for (const it of items) {
    if (it.properties.provinceName !== province.name) fail(src.attributesFile, `code ${it.id} field province_name`, `"${it.properties.provinceName}", others say "${province.name}"`);
  }
  const topo = buildTopology(items, UNITS_DECIMALS);
  const units = encodeTopology('units-2025', province, UNITS_DECIMALS, topo);
  proveLossless(unitsFile(code), units.bytes, items);

  const olds = oldByProvince.get(code) ?? [];
  if (olds.length === 0) fail(src.oldCommunesFile, `province ${code}`, 'no old commune falls in this new province');
  const oldTopo = buildTopology(olds, OLD_DECIMALS);
  const old = encodeTopology('communes-2008', { code, name: province.name }, OLD_DECIMALS, oldTopo);
  proveLossless(oldFile(code), old.bytes, olds);

  return {
    files: [
      [unitsFile(code), units.bytes],
      [oldFile(code), old.bytes],
    ],
    index: {
      code,
      name: province.name,
      resolution: province.resolution,
      units: items.length,
      vertices: topo.stats.vertices,
      arcs: topo.stats.arcs,
      arcVertices: topo.stats.arcVertices,
      bbox: bbox(items),
      ...fileEntry(unitsFile(code), units.bytes),
      old2008: { communes: olds.length, vertices: oldTopo.stats.vertices, arcVertices: oldTopo.stats.arcVertices, ...fileEntry(oldFile(code), old.bytes) },
    },
    manifest: {
      code,
      source: shown(file),
      units: items.length,
      vertices: topo.stats.vertices,
      offGrid: units.offGrid,
      offGridUnits: items.filter((it) => it.coordinates.flat(2).some(([x, y]) => Math.round(x * 1e6) / 1e6 !== x || Math.round(y * 1e6) / 1e6 !== y)).map((it) => it.id),
      topology: topo.stats,
      // Units whose full name (type) differs from the merger mapping's: reclassified after 1 July 2025.
      renamedSinceMapping: renamed,
      geometry: Object.fromEntries(items.map((it) => [it.id, geometryHash(it.coordinates)])),
      old2008: { communes: olds.length, vertices: oldTopo.stats.vertices, geometry: layerHash(olds) },
    },
  };
}

function serializeIndex(entries) {
  const total = (k) => entries.reduce((s, e) => s + e[k], 0);
  const index = {
    format: 'dia-gioi-province-index',
    version: 1,
    about: 'Written by geodata/prepare-national.mjs; see geodata/README.md. gzipBytes: gzip -9 size (fflate).',
    totals: {
      provinces: entries.length,
      units: total('units'),
      vertices: total('vertices'),
      arcVertices: total('arcVertices'),
      bytes: total('bytes'),
      gzipBytes: total('gzipBytes'),
      old2008Bytes: entries.reduce((s, e) => s + e.old2008.bytes, 0),
    },
    provinces: entries,
  };
  // One province per line: small diffs when one province changes.
  const { provinces, ...head } = index;
  const headText = JSON.stringify(head).slice(0, -1);
  return `${headText},"provinces":[\n${provinces.map((p) => JSON.stringify(p)).join(',\n')}\n]}\n`;
}

function serializeManifest(src, entries) {
  const inputs = [...src.inputs.entries()].map(([f, h]) => [shown(f), h]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const lines = [
    '{"about":"Sources of public/data/provinces/ and the canonical geometry hash of every unit (sha256 of the exact source coordinates as JSON); written by geodata/prepare-national.mjs, checked by npm run test:data.",',
    `"inputs":{\n${inputs.map(([f, h]) => `${JSON.stringify(f)}:${JSON.stringify(h)}`).join(',\n')}\n},`,
    '"provinces":[',
    entries
      .map((e) => {
        const { geometry, ...rest } = e;
        const units = Object.entries(geometry).map(([c, h]) => `${JSON.stringify(c)}:${JSON.stringify(h)}`);
        return `${JSON.stringify(rest).slice(0, -1)},"geometry":{\n${units.join(',\n')}\n}}`;
      })
      .join(',\n'),
    ']}',
  ];
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------
// Verification of the committed files without the sources: decode each and compare with the manifest.

function verifyCommitted() {
  const problems = [];
  let index;
  let manifest;
  try {
    index = JSON.parse(readFileSync(join(outDir, 'index.json'), 'utf8'));
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch (e) {
    return [`cannot read the index or the manifest (${e.message})`];
  }
  const byCode = new Map(manifest.provinces.map((p) => [p.code, p]));
  let units = 0;
  for (const entry of index.provinces) {
    if (only && !only.includes(entry.code)) continue;
    const m = byCode.get(entry.code);
    if (!m) {
      problems.push(`province ${entry.code} is in the index but not in the manifest`);
      continue;
    }
    for (const [name, expected, layer] of [
      [entry.file, entry, 'units'],
      [entry.old2008.file, entry.old2008, 'old2008'],
    ]) {
      const path = join(outDir, name);
      let bytes;
      try {
        bytes = readFileSync(path);
      } catch {
        problems.push(`${relative(root, path)} is missing`);
        continue;
      }
      if (bytes.length !== expected.bytes || sha256(bytes) !== expected.sha256) problems.push(`${relative(root, path)}: size or sha256 differs from index.json`);
      let features;
      try {
        features = topologyFileFeatures(decodeTopologyFile(new Uint8Array(bytes), relative(root, path)));
      } catch (e) {
        if (e instanceof TopologyFileError) {
          problems.push(e.message);
          continue;
        }
        throw e;
      }
      if (layer === 'units') {
        units += features.length;
        const expectedIds = Object.keys(m.geometry);
        if (features.length !== expectedIds.length) problems.push(`${relative(root, path)}: ${features.length} units, the manifest has ${expectedIds.length}`);
        for (const f of features) {
          const h = m.geometry[f.id];
          if (h === undefined) problems.push(`${relative(root, path)}: unit ${f.id} is not in the manifest`);
          else if (geometryHash(f.geometry.coordinates) !== h) problems.push(`${relative(root, path)}: unit ${f.id} does not decode to its source geometry`);
          const p = f.properties;
          for (const k of ['code', 'name', 'fullName', 'type', 'provinceCode', 'provinceName', 'cancu']) {
            if (typeof p[k] !== 'string' || p[k] === '') problems.push(`${relative(root, path)}: unit ${f.id} has no ${k}`);
          }
          if (!Array.isArray(p.formedFrom) || p.formedFrom.length === 0) problems.push(`${relative(root, path)}: unit ${f.id} has no formedFrom`);
        }
      } else {
        const items = features.map((f) => ({ id: f.id, coordinates: f.geometry.coordinates }));
        if (items.length !== m.old2008.communes || layerHash(items) !== m.old2008.geometry) problems.push(`${relative(root, path)}: old communes differ from the manifest`);
      }
    }
  }
  if (!only && units !== UNIT_COUNT) problems.push(`${units} units decoded, expected ${UNIT_COUNT}`);
  return problems;
}

// ---------------------------------------------------------------------------------------------------

function main() {
  const haveShared = existsSync(join(sharedDir, 'new-2025', 'provinces'));
  if (!haveShared && !check) throw new DataError(`${sharedDir} not found: the national data is prepared from ../shared/geodata-src (see geodata/README.md)`);
  let stale = 0;
  if (haveShared) {
    const t0 = performance.now();
    const src = readSources();
    const oldByProvince = oldCommuneItems(src);
    const codes = [...src.provinceFiles.keys()].filter((c) => !only || only.includes(c));
    const unknown = (only ?? []).filter((c) => !src.provinceFiles.has(c));
    if (unknown.length) throw new DataError(`--only: no province ${unknown.join(', ')}`);
    const indexEntries = [];
    const manifestEntries = [];
    let unitCount = 0;
    if (!check) mkdirSync(outDir, { recursive: true });
    const compareOrWrite = (path, bytes) => {
      if (check) {
        let current = null;
        try {
          current = readFileSync(path);
        } catch {
          current = null;
        }
        if (!current || !current.equals(bytes)) {
          console.error(`stale: ${relative(root, path)} differs from a fresh run of geodata/prepare-national.mjs`);
          stale++;
        }
      } else writeFileSync(path, bytes);
    };
    for (const code of codes) {
      const r = prepareProvince(src, code, oldByProvince);
      for (const [name, bytes] of r.files) compareOrWrite(join(outDir, name), bytes);
      indexEntries.push(r.index);
      manifestEntries.push(r.manifest);
      unitCount += r.index.units;
      const e = r.index;
      console.log(
        `${check ? 'checked' : 'wrote'} ${e.file}: ${e.units} units, ${e.vertices} → ${e.arcVertices} vertices, ${e.bytes} bytes (${e.gzipBytes} gzipped); ` +
          `${e.old2008.file}: ${e.old2008.communes} communes, ${e.old2008.bytes} bytes`,
      );
    }
    if (!only) {
      if (unitCount !== UNIT_COUNT) throw new DataError(`${unitCount} units in all provinces, expected ${UNIT_COUNT}`);
      const attributesUnused = [...src.attributes.keys()].filter((c) => !manifestEntries.some((m) => c in m.geometry));
      if (attributesUnused.length) fail(src.attributesFile, 'rows', `codes with no polygon: ${attributesUnused.join(', ')}`);
      compareOrWrite(join(outDir, 'index.json'), Buffer.from(serializeIndex(indexEntries)));
      compareOrWrite(manifestFile, Buffer.from(serializeManifest(src, manifestEntries)));
    }
    console.log(`${codes.length} provinces in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } else {
    console.log(`${relative(root, sharedDir)} not found: checking the committed national files against ${relative(root, manifestFile)} only (the sources are not re-read)`);
  }
  const problems = check ? verifyCommitted() : [];
  for (const p of problems) console.error(`national data: ${p}`);
  if (check && problems.length === 0) console.log(`decoded every committed province file: each unit matches its source geometry hash in ${relative(root, manifestFile)}`);
  if (stale || problems.length) process.exit(1);
}

runScript('prepare-national', main, [TopologyFileError]);
