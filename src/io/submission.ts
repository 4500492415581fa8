// The file a ward submits to its province: RFC 7946 GeoJSON in WGS84 lon/lat, right-hand winding, 7
// decimals, properties named as on the national 2025 map. The 7-decimal rounding is applied to the
// topology's arcs BEFORE the features are made (round-coverage.ts), so neighbours keep identical borders;
// the caller validates `rounded` again, so the file is exactly what the checks saw.
import type { Feature, FeatureCollection, MultiPolygon } from 'geojson';
import { unitToFeature, type Coverage } from '../core/model';
import { geometryAreaM2 } from '../core/geom/geodesic';
import { exportFileName } from './file-name';
import { nationalProps, type NationalFieldOptions, type NationalProps } from './national-props';
import { roundCoverage } from './round-coverage';
import { selectUnits } from './select-units';
import { rewind } from './winding';

export interface SubmissionException {
  /** Deterministic issue id from the validator. */
  readonly issueId: string;
  readonly kind?: string;
  readonly units?: readonly string[];
  readonly reason: string;
}

export interface SubmissionOptions extends NationalFieldOptions {
  /** ISO 8601 time of the export, given by the caller (no clock inside io). */
  readonly exportedAt: string;
  /** Units to export; all when absent. */
  readonly unitIds?: readonly string[];
  /** The validator's summary of the rounded coverage, written as a foreign member. */
  readonly checkSummary?: unknown;
  /** Issues accepted as exceptions, each with its reason. */
  readonly exceptions?: readonly SubmissionException[];
  readonly decimals?: number;
}

/** The national properties (national-props.ts): official and measured area both, each named. */
export type SubmissionProps = NationalProps;

export type SubmissionCollection = FeatureCollection<MultiPolygon, SubmissionProps> & {
  readonly generator: string;
  readonly exportedAt: string;
  readonly checkSummary?: unknown;
  readonly exceptions: readonly SubmissionException[];
};

function text(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

export interface Submission {
  readonly collection: SubmissionCollection;
  /** The rounded coverage the file was made from: validate this one before letting the file out. */
  readonly rounded: Coverage;
}

export function buildSubmission(c: Coverage, o: SubmissionOptions): Submission {
  const rounded = roundCoverage(c, o.decimals ?? 7);
  const features: Feature<MultiPolygon, SubmissionProps>[] = selectUnits(rounded, o.unitIds).map((u) => {
    const geometry = rewind(unitToFeature(rounded, u).geometry, true);
    return { type: 'Feature', id: u.attrs.code, properties: nationalProps(u, geometryAreaM2(geometry), o), geometry };
  });
  const collection: SubmissionCollection = {
    type: 'FeatureCollection',
    generator: 'Địa giới',
    exportedAt: o.exportedAt,
    ...(o.checkSummary !== undefined ? { checkSummary: o.checkSummary } : {}),
    exceptions: o.exceptions ?? [],
    features,
  };
  return { collection, rounded };
}

/** JSON text with one feature per line: small diffs between versions, still one valid document. */
export function geoJsonText<T extends { readonly type: string; readonly features: readonly unknown[] }>(fc: T): string {
  const { features, ...head } = fc as { readonly features: readonly unknown[] } & Record<string, unknown>;
  const headText = JSON.stringify(head);
  const body = features.map((f) => JSON.stringify(f)).join(',\n');
  return `${headText.slice(0, -1)}${headText.length > 2 ? ',' : ''}"features":[\n${body}\n]}\n`;
}

/**
 * "31_10507_Thanh_Dong_2026-11-21.geojson" for one unit, "31_Hai_Phong_2026-11-21.geojson" for all. The
 * draft's province (provinceCode, provinceName) names the file when given: a province's file imported as a
 * new draft carries no code of its own.
 */
export function submissionFileName(c: Coverage, o: Pick<SubmissionOptions, 'unitIds' | 'exportedAt' | 'provinceName' | 'provinceCode'>, ext = 'geojson'): string {
  const units = selectUnits(c, o.unitIds);
  const first = units[0];
  const provinceCode = first?.attrs.provinceCode ?? o.provinceCode ?? null;
  if (units.length === 1 && first) {
    return exportFileName({ provinceCode, unitCode: first.attrs.code, name: first.attrs.name, at: o.exportedAt, ext });
  }
  const province = o.provinceName ?? text(first?.attrs.extra.provinceName) ?? 'tinh';
  const short = province.replace(/^(thành phố|tỉnh)\s+/iu, '');
  return exportFileName({ provinceCode, name: short, at: o.exportedAt, ext });
}
