// A file read as a reference layer, with the readers loaded on first use (KML, Shapefile and the
// coordinate systems stay out of the first download). On this thread: a reference layer is read once,
// when the user adds it.
import type { ReadReference } from '../ui/components/LayersDialog';

export const readReferenceLazily: ReadReference = async (file, lon0) => {
  const { readReferenceFile } = await import('../io/reference-read');
  const { vn2000 } = await import('../io/vn2000');
  const r = readReferenceFile(file.name, new Uint8Array(await file.arrayBuffer()), { domParser: new DOMParser(), ...(lon0 !== undefined ? { fromCrs: vn2000(lon0) } : {}) });
  if (!r.ok) return r;
  const { features, fields, bounds } = r.value;
  return { ok: true, value: { fileName: file.name, features: { type: 'FeatureCollection', features }, fields, bounds } };
};
