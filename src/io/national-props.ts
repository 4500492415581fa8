// The properties of the national 2025 map (sapnhap.bando.com.vn), as every export for a province writes
// them: the submission GeoJSON, the VN-2000 GeoJSON, KML and the zipped Shapefile alike. The draft's
// province fills what a unit does not carry (a province's file imported as a new draft has no matinh).
//
// Two areas, each named for what it is:
// - dientichkm2: the official natural area (km²) as the national map and the resolution give it; it is
//   what the importers read back as the unit's official area, so it must never be a measured figure;
// - dientichdokm2: the area measured on the exported geometry (geodesic, WGS 84 ellipsoid), km², 2 decimals.
import type { Unit } from '../core/model';
import { setOwn } from './own-props';
import { formatMaTruocSapNhap, formatTruocSapNhap, LOAI } from './props';
import { roundTo } from './round-coverage';

export interface NationalFieldOptions {
  /** matinh for units that carry none; a unit's own code is kept (a unit of another province shows as one). */
  readonly provinceCode?: string;
  /** tentinh; default: the unit's `provinceName` (or `tentinh`) property. */
  readonly provinceName?: string;
  /** cancu, e.g. "1669/NQ-UBTVQH15"; default: the unit's own `cancu` property. */
  readonly legalBasis?: string;
}

export interface NationalProps {
  readonly matinh: string | null;
  readonly tentinh: string | null;
  readonly maxa: string;
  readonly tenhc: string;
  readonly loai: string | null;
  /** Official area, km² (null when unknown). */
  readonly dientichkm2: number | null;
  /** Measured (geodesic) area of the exported geometry, km². */
  readonly dientichdokm2: number;
  readonly truocsapnhap: string;
  /** Codes aligned with truocsapnhap (not on the national map; lets the list be read back exactly). */
  readonly matruocsapnhap: string;
  readonly cancu: string | null;
}

/** The national names, in the order the files carry them. */
export const NATIONAL_KEYS: readonly (keyof NationalProps)[] = [
  'matinh', 'tentinh', 'maxa', 'tenhc', 'loai', 'dientichkm2', 'dientichdokm2', 'truocsapnhap', 'matruocsapnhap', 'cancu',
];

/** Unit extras that a national property already says (the reader maps tentinh to provinceName). */
const SAID_BY_NATIONAL = new Set<string>([...NATIONAL_KEYS, 'provinceName']);

function text(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

export function nationalProps(u: Unit, measuredAreaM2: number, o: NationalFieldOptions = {}): NationalProps {
  const a = u.attrs;
  return {
    matinh: a.provinceCode ?? o.provinceCode ?? null,
    tentinh: o.provinceName ?? text(a.extra.provinceName) ?? text(a.extra.tentinh),
    maxa: a.code,
    tenhc: a.fullName,
    loai: a.type ? LOAI[a.type] : null,
    dientichkm2: a.officialAreaKm2,
    dientichdokm2: roundTo(measuredAreaM2 / 1e6, 2),
    truocsapnhap: formatTruocSapNhap(a.formedFrom),
    matruocsapnhap: formatMaTruocSapNhap(a.formedFrom),
    cancu: o.legalBasis ?? text(a.extra.cancu),
  };
}

/**
 * The national properties, then the unit's other extras (English name, seat …) under their own names:
 * what a province's GIS expects first, nothing the source carried lost.
 */
export function nationalPropsWithExtras(u: Unit, measuredAreaM2: number, o: NationalFieldOptions = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { ...nationalProps(u, measuredAreaM2, o) };
  for (const [k, v] of Object.entries(u.attrs.extra)) {
    if (SAID_BY_NATIONAL.has(k)) continue;
    setOwn(out, k, v);
  }
  return out;
}
