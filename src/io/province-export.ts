// One export of a draft as its province needs it: the file name with the province's code, the national
// properties filled for the province (matinh, tentinh, cancu = the resolution that formed it), and the
// VN-2000 formats on the province's meridian. The export dialog and the all-provinces test both go
// through here, so what the test reads back with GDAL is what the app writes.
import type { Coverage } from '../core/model';
import type { Province } from '../core/model/province';
import { boxesOverlap, unitBox, type Box } from '../core/topology/arc-bbox';
import { EXPORT_EXTENSION, exportOnGrid, type ExportFormat } from '../editor/export';
import type { IoResult } from './errors';
import { writeAnyFile, type WrittenFile } from './formats';
import type { NationalFieldOptions } from './national-props';
import { submissionFileName } from './submission';
import { meridianLabel, vn2000, vn2000EpsgCode, vn2000Name, type Vn2000Crs } from './vn2000';

/** The national fields for the province; a legal basis typed by the user wins over the resolution. */
export function provinceFields(p: Province, legalBasis?: string): NationalFieldOptions {
  return { provinceCode: p.code, provinceName: p.name, legalBasis: legalBasis?.trim() || p.resolution };
}

/** The grid a VN-2000 export of the province is written on: the meridian given, else the province's own. */
export function provinceGrid(p: Province, lon0?: number): Vn2000Crs {
  return vn2000(lon0 ?? p.meridian.lon0);
}

/**
 * Area of use of EPSG:5194 "VN-2000 to WGS 84 (1)", a petroleum-block shift (`projinfo -k operation
 * EPSG:5194`). Inside it PROJ, and so GDAL and what is built on them, prefers that shift to QĐ 05/2007's
 * (EPSG:6960) for a file that names its grid by EPSG code, and lands about 0.8 m away. It takes in Hồ Chí
 * Minh City, Đồng Nai and Tây Ninh as well as the Mekong delta, some provinces only in part.
 */
export const EPSG_5194_AREA: Box = [104.24, 9.35, 107.11, 11.04];

/** What the export dialog says about a VN-2000 export's grid and its shift to WGS 84. */
export interface GridNote {
  /** "VN-2000 / TM-3 105-45". */
  readonly name: string;
  readonly epsg: number | null;
  /** True when another program reading the file by its EPSG code would take EPSG:5194 for some unit. */
  readonly epsg5194: boolean;
}

export function exportGridNote(p: Province, c: Coverage, unitIds?: readonly string[]): GridNote {
  const grid = provinceGrid(p);
  const epsg = vn2000EpsgCode(grid);
  const units = unitIds ? unitIds.map((id) => c.units.get(id)).filter((u) => u !== undefined) : [...c.units.values()];
  return { name: vn2000Name(grid), epsg, epsg5194: epsg !== null && units.some((u) => boxesOverlap(unitBox(c, u), EPSG_5194_AREA)) };
}

export interface ProvinceExportOptions {
  readonly unitIds?: readonly string[];
  /** ISO time of the export: the file name's date. */
  readonly exportedAt: string;
  readonly legalBasis?: string;
  /** Central meridian of a VN-2000 export, when not the province's own (an old province's). */
  readonly lon0?: number;
}

/**
 * "01_Ha_Noi_2026-12-06.geojson", "01_00004_Ba_Dinh_2026-12-06.kml"; a VN-2000 file says its grid
 * ("…_VN2000_105-00.zip"), so it never takes the name of the WGS 84 file of the same format.
 */
export function provinceExportFileName(format: ExportFormat, c: Coverage, p: Province, o: ProvinceExportOptions): string {
  const ext = EXPORT_EXTENSION[format];
  const name = submissionFileName(c, { unitIds: o.unitIds, exportedAt: o.exportedAt, provinceCode: p.code, provinceName: p.name }, ext);
  if (!exportOnGrid(format)) return name;
  return `${name.slice(0, -ext.length - 1)}_VN2000_${meridianLabel(provinceGrid(p, o.lon0).lon0)}.${ext}`;
}

/**
 * Any format but the submission, whose rounded copy the caller checks again before writing it
 * (submission.ts): bytes, warnings and the file name.
 */
export function writeProvinceExport(
  format: Exclude<ExportFormat, 'submission'>,
  c: Coverage,
  p: Province,
  o: ProvinceExportOptions,
): IoResult<WrittenFile & { readonly fileName: string }> {
  const fileName = provinceExportFileName(format, c, p, o);
  const r = writeAnyFile(fileName, c, {
    unitIds: o.unitIds,
    crs: exportOnGrid(format) ? provinceGrid(p, o.lon0) : undefined,
    // TopoJSON stays the app's own lossless format; every other export carries the national names.
    national: format === 'topojson' ? undefined : provinceFields(p, o.legalBasis),
  });
  return r.ok ? { ...r, value: { ...r.value, fileName } } : r;
}
