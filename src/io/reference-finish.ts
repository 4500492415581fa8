// The reference layers' counterpart of finishImport: what a reader's parse step gave (finish-import.ts's
// SourceFeatures) becomes features of any kind in WGS 84. It shares the unit import's limits, its
// coordinate-system decision (decide-crs.ts) and its conversions (crs.ts), and drops what is a unit's:
// no polygon-only rule, no code, no duplicate check. A feature without a usable geometry is left out
// with a warning; a coordinate that is not a finite number, or not on the Earth once converted, fails the
// file with the feature named, because quietly showing the rest would hide a wrong CRS or a broken file.
import type { Position } from 'geojson';
import { toLonLat, type SourceCrs } from './crs';
import { decideCrs, VIETNAM } from './decide-crs';
import { describe, fail, ok, type IoError, type IoResult } from './errors';
import { Faults, type SourceFeatures } from './finish-import';
import { LIMITS, overLimit } from './limits';
import { readReferenceGeometry, VertexCount } from './reference-geometry';
import { featureText, referenceLabeller, referenceProperties } from './reference-props';
import type { FeatureLabel, ReferenceData, ReferenceFeature, ReferenceGeometry, ReferenceGeometryType, ReferenceOptions, ReferenceSkip, ReferenceValue } from './reference-types';
import { guessCoordinates } from './vn2000';

interface Parsed {
  readonly index: number;
  readonly label: FeatureLabel | null;
  readonly properties: Record<string, ReferenceValue>;
  readonly geometries: readonly ReferenceGeometry[];
}

/** Adds every position of a geometry to `out`, in order (a loop: generators cost a second on 50,000 parcels). */
function addPositions(g: ReferenceGeometry, out: Position[]): void {
  switch (g.type) {
    case 'Point':
      out.push(g.coordinates);
      return;
    case 'MultiPoint':
    case 'LineString':
      for (const p of g.coordinates) out.push(p);
      return;
    case 'MultiLineString':
    case 'Polygon':
      for (const part of g.coordinates) for (const p of part) out.push(p);
      return;
    case 'MultiPolygon':
      for (const poly of g.coordinates) for (const ring of poly) for (const p of ring) out.push(p);
  }
}

/** A new geometry of the same shape with every position mapped by `f`. */
function mapGeometry(g: ReferenceGeometry, f: (p: Position) => Position): ReferenceGeometry {
  switch (g.type) {
    case 'Point':
      return { type: g.type, coordinates: f(g.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { type: g.type, coordinates: g.coordinates.map(f) };
    case 'MultiLineString':
    case 'Polygon':
      return { type: g.type, coordinates: g.coordinates.map((part) => part.map(f)) };
    case 'MultiPolygon':
      return { type: g.type, coordinates: g.coordinates.map((poly) => poly.map((ring) => ring.map(f))) };
  }
}

/** Every source position of the features. */
function sampleOf(parsed: readonly Parsed[]): Position[] {
  const out: Position[] = [];
  for (const p of parsed) for (const g of p.geometries) addPositions(g, out);
  return out;
}

/**
 * When the file's numbers as a whole are neither degrees nor VN-2000 metres, but most features agree on
 * one of them: the features that do not, each named ('out-of-range'). An empty list when no kind has a
 * majority (then the file as a whole is in a CRS we do not know).
 */
function strayFeatures(file: string, parsed: readonly Parsed[]): IoError[] {
  const kinds = parsed.map((p) => {
    const g = guessCoordinates(sampleOf([p]));
    return g.kind === 'vn2000-metres' ? `vn2000-${g.axis}` : g.kind;
  });
  const tally = new Map<string, number>();
  for (const k of kinds) tally.set(k, (tally.get(k) ?? 0) + 1);
  const [major, n] = [...tally].sort((a, b) => b[1] - a[1])[0]!;
  if (major === 'unknown' || n * 2 <= parsed.length) return [];
  const faults = new Faults();
  parsed.forEach((p, i) => {
    if (kinds[i] === major) return;
    const positions = sampleOf([p]);
    const bad = positions.find((q) => guessCoordinates([q]).kind === 'unknown') ?? positions[0]!;
    faults.add({
      code: 'out-of-range', file, feature: p.index,
      message: `${featureText(p.index, p.label)}: position [${bad[0]}, ${bad[1]}] is not in the coordinate system of the other features (${major === 'lonlat' ? 'lon/lat degrees' : 'VN-2000 metres'})`,
      values: { x: bad[0]!, y: bad[1]!, ...labelValues(p.label) },
    });
  });
  return [...faults.list, ...faults.notes(file)];
}

function labelValues(label: FeatureLabel | null): Record<string, string> {
  return label ? { labelField: label.field, label: label.value } : {};
}

const NO_COUNTS: Readonly<Record<ReferenceGeometryType, number>> = { Point: 0, MultiPoint: 0, LineString: 0, MultiLineString: 0, Polygon: 0, MultiPolygon: 0 };

export function finishReference(file: string, source: SourceFeatures, options: Pick<ReferenceOptions, 'fromCrs'> = {}): IoResult<ReferenceData> {
  const { raw } = source;
  if (raw.length > LIMITS.referenceFeatures) return fail(overLimit(file, 'referenceFeatures', raw.length));
  if (raw.length === 0) return fail({ code: 'empty', file, message: 'no features', values: { features: 0 } });
  const warnings: IoError[] = [...source.warnings];
  const skipNotes = new Faults();
  const faults = new Faults();
  const skipped: ReferenceSkip[] = [];
  const parsed: Parsed[] = [];
  const budget = new VertexCount();
  const referenceLabel = referenceLabeller();

  for (const f of raw) {
    const props = referenceProperties(file, f.index, f.properties);
    if ('code' in props) return fail(props);
    warnings.push(...props.warnings);
    const label = referenceLabel(props.props);
    const reading = readReferenceGeometry(f.geometry, budget);
    switch (reading.kind) {
      case 'too-many-vertices':
        return fail(overLimit(file, 'vertices', `at least ${budget.used}`, { feature: f.index }));
      case 'not-finite': {
        const [x, y] = reading.position.map(String);
        faults.add({
          code: 'bad-coordinates', file, feature: f.index,
          message: `${featureText(f.index, label)}: position [${x}, ${y}] is not a pair of finite numbers`, values: { x: x!, y: y!, ...labelValues(label) },
        });
        break;
      }
      case 'none':
      case 'unreadable': {
        const reason = reading.kind === 'none' ? 'no-geometry' : 'unreadable-geometry';
        skipped.push({ feature: f.index, label, reason, detail: reading.detail });
        skipNotes.add({
          code: reading.kind === 'none' ? 'no-geometry' : 'bad-coordinates', file, feature: f.index,
          message: `${featureText(f.index, label)}: ${reading.detail}; left out`, values: { reason, ...labelValues(label) },
        });
        break;
      }
      case 'ok':
        parsed.push({ index: f.index, label, properties: props.props, geometries: reading.geometries });
    }
  }
  if (faults.list.length) return fail([...faults.list, ...faults.notes(file)]);
  warnings.push(...skipNotes.list, ...skipNotes.notes(file));
  if (parsed.length === 0) return fail({ code: 'empty', file, message: `no features with a geometry (${skipped.length} without)`, values: { features: 0, skipped: skipped.length } });

  const decided = decideCrs(file, sampleOf(parsed), source.declared, options.fromCrs);
  if ('code' in decided) {
    const strays = decided.code === 'coordinates-not-lonlat' ? strayFeatures(file, parsed) : [];
    return fail(strays.length ? strays : [decided]);
  }
  const converted = convert(file, parsed, decided.crs);
  if (!converted.ok) return converted;
  return ok({ ...converted.value, crs: decided.crs, crsFrom: decided.crsFrom, skipped }, [...warnings, ...converted.warnings]);
}

type Converted = Pick<ReferenceData, 'features' | 'fields' | 'bounds' | 'counts'>;

/** The features in WGS 84 with their fields, bounds and counts; or the features not on the Earth once converted. */
function convert(file: string, parsed: readonly Parsed[], crs: SourceCrs): IoResult<Converted> {
  let project: (p: readonly number[]) => [number, number];
  try {
    project = toLonLat(crs);
  } catch (e) {
    return fail({ code: 'unknown-crs', file, message: describe(e) });
  }
  const faults = new Faults();
  const features: ReferenceFeature[] = [];
  const fields = new Set<string>();
  const counts = { ...NO_COUNTS };
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  const outside: number[] = [];
  for (const p of parsed) {
    let bad: { pos: Position; why: string } | null = null;
    let inVietnam = true;
    const to = (pos: Position): Position => {
      let q: [number, number];
      try {
        q = crs.kind === 'wgs84' ? [pos[0]!, pos[1]!] : project(pos);
      } catch (e) {
        // proj4 throws on points it cannot project: this feature's out-of-range fault below.
        bad ??= { pos, why: ` (${describe(e)})` };
        return pos;
      }
      const [lon, lat] = q;
      if (!(Math.abs(lon) <= 180 && Math.abs(lat) <= 90)) bad ??= { pos, why: '' };
      else if (lon < VIETNAM.west || lon > VIETNAM.east || lat < VIETNAM.south || lat > VIETNAM.north) inVietnam = false;
      if (lon < box[0]!) box[0] = lon;
      if (lat < box[1]!) box[1] = lat;
      if (lon > box[2]!) box[2] = lon;
      if (lat > box[3]!) box[3] = lat;
      return q;
    };
    const geometries = p.geometries.map((g) => mapGeometry(g, to));
    if (bad !== null) {
      const { pos, why } = bad as { pos: Position; why: string };
      faults.add({
        code: 'out-of-range', file, feature: p.index,
        message: `${featureText(p.index, p.label)}: position [${pos[0]}, ${pos[1]}] is outside lon ±180 / lat ±90 after conversion${why}`,
        values: { x: pos[0]!, y: pos[1]!, ...labelValues(p.label) },
      });
      continue;
    }
    if (!inVietnam) outside.push(p.index);
    for (const k of Object.keys(p.properties)) fields.add(k);
    for (const geometry of geometries) {
      counts[geometry.type]++;
      // Each part of a split collection gets its own copy: no two features share an object.
      features.push({ type: 'Feature', properties: geometries.length > 1 ? { ...p.properties } : p.properties, geometry });
    }
  }
  if (faults.list.length) return fail([...faults.list, ...faults.notes(file)]);
  const warnings: IoError[] = [];
  if (outside.length) {
    warnings.push({ code: 'out-of-range', file, message: `${outside.length} feature(s) lie partly outside Vietnam`, values: { features: outside.length, first: outside.slice(0, 50) } });
  }
  const bounds = features.length ? ([box[0]!, box[1]!, box[2]!, box[3]!] as const) : null;
  return ok({ features, fields: [...fields], bounds, counts }, warnings);
}
