// A GeoTIFF checked before it is kept: georeferenced, in a CRS the map can place, readable, whole. Opening
// reads only the file's header and directory (in ranges), so a 100 MB orthophoto is never read whole here.
import type { CheckGeoTiff } from '../ui/components/LayersDialog';

export const checkGeoTiff: CheckGeoTiff = async (file) => {
  const { openGeoTiff } = await import('../io/geotiff-read');
  const { GeoTiffError } = await import('../io/geotiff-errors');
  const { crsLabel } = await import('../io/crs');
  const { vn2000Name } = await import('../io/vn2000');
  try {
    const r = await openGeoTiff(file, file.name);
    return { ok: true, bounds: r.footprint, crs: r.crs.kind === 'vn2000' ? vn2000Name(r.crs) : crsLabel(r.crs), warnings: r.warnings };
  } catch (e) {
    if (e instanceof GeoTiffError) return { ok: false, fault: { code: `geotiff-${e.code}`, file: file.name, detail: e.message } };
    throw e;
  }
};
