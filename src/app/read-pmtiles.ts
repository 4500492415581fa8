// A PMTiles archive checked before it is kept: its header (tile type, zooms, bounds) and, for vector
// tiles, the names of its layers. Only the header and the metadata are read (ranges of the file).
import type { CheckPmtiles } from '../ui/components/LayersDialog';

export const checkPmtiles: CheckPmtiles = async (file) => {
  const { FileSource, PMTiles, TileType } = await import('pmtiles');
  let header;
  let metadata: unknown;
  try {
    const p = new PMTiles(new FileSource(file));
    header = await p.getHeader();
    metadata = header.tileType === TileType.Mvt ? await p.getMetadata() : null;
  } catch (e) {
    return { ok: false, message: `${file.name}: not a PMTiles archive this app reads (${e instanceof Error ? e.message : String(e)})` };
  }
  const raster = [TileType.Png, TileType.Jpeg, TileType.Webp, TileType.Avif].includes(header.tileType);
  if (!raster && header.tileType !== TileType.Mvt) return { ok: false, message: `${file.name}: its tiles are of an unknown type (${header.tileType}): PNG, JPEG, WebP, AVIF or vector (MVT) tiles can be shown` };
  const bounds = [header.minLon, header.minLat, header.maxLon, header.maxLat] as const;
  if (!bounds.every(Number.isFinite) || bounds[0] >= bounds[2] || bounds[1] >= bounds[3]) return { ok: false, message: `${file.name}: its header gives no valid bounds (${bounds.join(', ')})` };
  const layers = (metadata as { vector_layers?: { id?: unknown }[] } | null)?.vector_layers;
  const vectorLayers = Array.isArray(layers) ? layers.map((l) => l.id).filter((id): id is string => typeof id === 'string') : [];
  if (!raster && vectorLayers.length === 0) return { ok: false, message: `${file.name}: a vector archive whose metadata names no layers (vector_layers)` };
  return { ok: true, tileType: raster ? 'raster' : 'vector', bounds, zooms: [header.minZoom, header.maxZoom], vectorLayers };
};
