// The file a ward submits to its province: RFC 7946 GeoJSON in WGS84 lon/lat, right-hand winding, 7
// decimals, properties named as on the national 2025 map. The 7-decimal rounding is applied to the
// topology's arcs BEFORE the features are made (round-coverage.ts), so neighbours keep identical borders;
// the caller validates `rounded` again, so the file is exactly what the checks saw.
import type { Feature, FeatureCollection, MultiPolygon } from 'geojson';
import { unitToFeature, type Coverage, type Unit } from '../core/model';
import { geometryAreaM2 } from '../core/geom/geodesic';
import { exportFileName } from './file-name';
import { formatMaTruocSapNhap, formatTruocSapNhap, LOAI } from './props';
import { roundCoverage, roundTo } from './round-coverage';
import { selectUnits } from './select-units';
import { rewind } from './winding';

export interface SubmissionException {
  /** Deterministic issue id from the validator. */
  readonly issueId: string;
  readonly kind?: string;
  readonly units?: readonly string[];
  readonly reason: string;
}

export interface SubmissionOptions {
  /** ISO 8601 time of the export, given by the caller (no clock inside io). */
  readonly exportedAt: string;
  /** Units to export; all when absent. */
  readonly unitIds?: readonly string[];
  /** Legal basis ("cancu"), e.g. "1669/NQ-UBTVQH15"; default: the unit's own `cancu` property. */
  readonly legalBasis?: string;
  /** Province name ("tentinh"); default: the unit's `provinceName` property. */
  readonly provinceName?: string;
  /**
   * Province code ("matinh") for units that carry none (a province's file imported as a new draft); a
   * unit's own code is kept, so a unit of another province still shows as one.
   */
  readonly provinceCode?: string;
  /** The validator's summary of the rounded coverage, written as a foreign member. */
  readonly checkSummary?: unknown;
  /** Issues accepted as exceptions, each with its reason. */
  readonly exceptions?: readonly SubmissionException[];
  readonly decimals?: number;
}

export interface SubmissionProps {
  readonly matinh: string | null;
  readonly tentinh: string | null;
  readonly maxa: string;
  readonly tenhc: string;
  readonly loai: string | null;
  readonly dientichkm2: number;
  readonly truocsapnhap: string;
  /** Codes aligned with truocsapnhap (not on the national map; lets the list be read back exactly). */
  readonly matruocsapnhap: string;
  readonly cancu: string | null;
}

export type SubmissionCollection = FeatureCollection<MultiPolygon, SubmissionProps> & {
  readonly generator: string;
  readonly exportedAt: string;
  readonly checkSummary?: unknown;
  readonly exceptions: readonly SubmissionException[];
};

function text(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

function submissionProps(u: Unit, areaM2: number, o: SubmissionOptions): SubmissionProps {
  const a = u.attrs;
  return {
    matinh: a.provinceCode ?? o.provinceCode ?? null,
    tentinh: o.provinceName ?? text(a.extra.provinceName) ?? text(a.extra.tentinh),
    maxa: a.code,
    tenhc: a.fullName,
    loai: a.type ? LOAI[a.type] : null,
    dientichkm2: roundTo(areaM2 / 1e6, 2),
    truocsapnhap: formatTruocSapNhap(a.formedFrom),
    matruocsapnhap: formatMaTruocSapNhap(a.formedFrom),
    cancu: o.legalBasis ?? text(a.extra.cancu),
  };
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
    return { type: 'Feature', id: u.attrs.code, properties: submissionProps(u, geometryAreaM2(geometry), o), geometry };
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

/** "31_10507_Thanh_Dong_2026-11-21.geojson" for one unit, "31_Hai_Phong_2026-11-21.geojson" for all. */
export function submissionFileName(c: Coverage, o: Pick<SubmissionOptions, 'unitIds' | 'exportedAt' | 'provinceName'>, ext = 'geojson'): string {
  const units = selectUnits(c, o.unitIds);
  const first = units[0];
  const provinceCode = first?.attrs.provinceCode ?? null;
  if (units.length === 1 && first) {
    return exportFileName({ provinceCode, unitCode: first.attrs.code, name: first.attrs.name, at: o.exportedAt, ext });
  }
  const province = o.provinceName ?? text(first?.attrs.extra.provinceName) ?? 'tinh';
  const short = province.replace(/^(thành phố|tỉnh)\s+/iu, '');
  return exportFileName({ provinceCode, name: short, at: o.exportedAt, ext });
}
