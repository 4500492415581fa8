// One export of a draft as its province needs it: the file name with the province's code, the national
// properties filled for the province (matinh, tentinh, cancu = the resolution that formed it), and the
// VN-2000 formats on the province's meridian. The export dialog and the all-provinces test both go
// through here, so what the test reads back with GDAL is what the app writes.
import type { Coverage } from '../core/model';
import type { Province } from '../core/model/province';
import { EXPORT_EXTENSION, exportOnGrid, type ExportFormat } from '../editor/export';
import type { IoResult } from './errors';
import { writeAnyFile, type WrittenFile } from './formats';
import type { NationalFieldOptions } from './national-props';
import { submissionFileName } from './submission';
import { meridianLabel, vn2000, type Vn2000Crs } from './vn2000';

/** The national fields for the province; a legal basis typed by the user wins over the resolution. */
export function provinceFields(p: Province, legalBasis?: string): NationalFieldOptions {
  return { provinceCode: p.code, provinceName: p.name, legalBasis: legalBasis?.trim() || p.resolution };
}

/** The grid a VN-2000 export of the province is written on: the meridian given, else the province's own. */
export function provinceGrid(p: Province, lon0?: number): Vn2000Crs {
  return vn2000(lon0 ?? p.meridian.lon0);
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
