// A PMTiles archive checked before it is kept: its header (tile type, zooms, bounds), that every section
// the header names lies within the file (a download cut short fails here, not tile by tile on the map)
// and, for vector tiles, the names of its layers. Only the header and the metadata are read (ranges).
import type { CheckPmtiles } from '../ui/components/LayersDialog';

const HEADER_BYTES = 127;

export const checkPmtiles: CheckPmtiles = async (file) => {
  const fault = (code: 'pmtiles-not-archive' | 'pmtiles-cut-short' | 'pmtiles-tile-type' | 'pmtiles-bounds' | 'pmtiles-no-layers', detail: string) =>
    ({ ok: false, fault: { code, file: file.name, detail } }) as const;
  const { bytesToHeader, FileSource, PMTiles, TileType } = await import('pmtiles');
  const head = new Uint8Array(await file.slice(0, HEADER_BYTES).arrayBuffer());
  const magic = new TextDecoder('latin1').decode(head.subarray(0, 7));
  if (!'PMTiles'.startsWith(magic) || magic === '') return fault('pmtiles-not-archive', `the file starts with ${JSON.stringify(magic)}, not the PMTiles magic number "PMTiles"`);
  if (file.size < HEADER_BYTES) return fault('pmtiles-cut-short', `the file has ${file.size} bytes, less than a PMTiles header (${HEADER_BYTES})`);
  let header;
  try {
    header = bytesToHeader(head.buffer);
  } catch (e) {
    return fault('pmtiles-not-archive', e instanceof Error ? e.message : String(e));
  }
  const sections = [
    ['root directory', header.rootDirectoryOffset, header.rootDirectoryLength],
    ['metadata', header.jsonMetadataOffset, header.jsonMetadataLength],
    ['leaf directories', header.leafDirectoryOffset, header.leafDirectoryLength],
    ['tile data', header.tileDataOffset, header.tileDataLength],
  ] as const;
  for (const [name, offset, given] of sections) {
    const length = given ?? 0;
    if (length > 0 && offset + length > file.size) return fault('pmtiles-cut-short', `its ${name} reaches byte ${offset + length} but the file has ${file.size} bytes`);
  }
  try {
    // The root directory parsed: damaged bytes inside a whole-length file fail here.
    await new PMTiles(new FileSource(file)).getHeader();
  } catch (e) {
    return fault('pmtiles-not-archive', `its root directory cannot be read (${e instanceof Error ? e.message : String(e)})`);
  }
  const raster = [TileType.Png, TileType.Jpeg, TileType.Webp, TileType.Avif].includes(header.tileType);
  if (!raster && header.tileType !== TileType.Mvt) return fault('pmtiles-tile-type', `its tiles are of an unknown type (${header.tileType}): PNG, JPEG, WebP, AVIF or vector (MVT) tiles can be shown`);
  const bounds = [header.minLon, header.minLat, header.maxLon, header.maxLat] as const;
  if (!bounds.every(Number.isFinite) || bounds[0] >= bounds[2] || bounds[1] >= bounds[3]) return fault('pmtiles-bounds', `its header gives no valid bounds (${bounds.join(', ')})`);
  let metadata: unknown = null;
  try {
    metadata = header.tileType === TileType.Mvt ? await new PMTiles(new FileSource(file)).getMetadata() : null;
  } catch (e) {
    return fault('pmtiles-not-archive', `its metadata cannot be read (${e instanceof Error ? e.message : String(e)})`);
  }
  const layers = (metadata as { vector_layers?: { id?: unknown }[] } | null)?.vector_layers;
  const vectorLayers = Array.isArray(layers) ? layers.map((l) => l.id).filter((id): id is string => typeof id === 'string') : [];
  if (!raster && vectorLayers.length === 0) return fault('pmtiles-no-layers', 'a vector archive whose metadata names no layers (vector_layers)');
  return { ok: true, tileType: raster ? 'raster' : 'vector', bounds, zooms: [header.minZoom, header.maxZoom], vectorLayers };
};
