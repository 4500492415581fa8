// The layer list as pure edits (bottom first, as the map draws them) and its reading back from storage:
// a stored list that is damaged loses only the entries that are, and says which.
import type { Layer, LayerSource } from './layer';
import { tileOrigin } from './tile-url';

export type LayerList = readonly Layer[];

export function addLayer(list: LayerList, layer: Layer): LayerList {
  if (list.some((l) => l.id === layer.id)) throw new Error(`a layer with id ${layer.id} is already in the list`);
  return [...list, layer];
}

export function removeLayer(list: LayerList, id: string): LayerList {
  return list.filter((l) => l.id !== id);
}

export function updateLayer(list: LayerList, id: string, patch: Partial<Pick<Layer, 'name' | 'visible' | 'opacity' | 'snappable' | 'attribution'>> & { labelField?: string | null }): LayerList {
  return list.map((l) => {
    if (l.id !== id) return l;
    const { labelField, ...rest } = patch;
    const next: Layer = { ...l, ...rest, opacity: Math.min(1, Math.max(0, rest.opacity ?? l.opacity)) };
    if (labelField !== undefined && next.source.kind === 'reference') return { ...next, source: { ...next.source, labelField } };
    return next;
  });
}

/** Moves a layer one place up (drawn over the next) or down. */
export function moveLayer(list: LayerList, id: string, direction: 'up' | 'down'): LayerList {
  const i = list.findIndex((l) => l.id === id);
  const j = direction === 'up' ? i + 1 : i - 1;
  if (i < 0 || j < 0 || j >= list.length) return list;
  const out = [...list];
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}

/** Origins the user added tile services from: exactly what the Content-Security-Policy allows beyond the app. */
export function layerOrigins(list: LayerList): string[] {
  const out = new Set<string>();
  for (const l of list) {
    if (l.source.kind !== 'tiles') continue;
    const o = tileOrigin(l.source.template);
    if (o) out.add(o);
  }
  return [...out].sort();
}

/** Files this list keeps on the device. */
export function layerFileIds(list: LayerList): string[] {
  return list.flatMap((l) => ('fileId' in l.source ? [l.source.fileId] : []));
}

const str = (v: unknown): v is string => typeof v === 'string';
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const bbox = (v: unknown) => v === null || (Array.isArray(v) && v.length === 4 && v.every(num));

function readSource(s: unknown): LayerSource | string {
  const o = s as Record<string, unknown> | null;
  if (!o || typeof o !== 'object') return 'no source';
  if (o.kind === 'tiles') {
    if (!str(o.template) || !tileOrigin(o.template)) return 'a tile address that is not a web address';
    if (!['xyz', 'wmts', 'wms'].includes(o.service as string) || !['xyz', 'tms'].includes(o.scheme as string) || (o.tileSize !== 256 && o.tileSize !== 512)) return 'an unknown tile service';
    return o as unknown as LayerSource;
  }
  if (o.kind === 'geotiff' || o.kind === 'pmtiles' || o.kind === 'reference') {
    if (!str(o.fileId) || !str(o.fileName) || !num(o.bytes) || !bbox(o.bounds)) return `a ${o.kind} file without its id, name, size or bounds`;
    if (o.kind === 'pmtiles' && (!['raster', 'vector'].includes(o.tileType as string) || (o.vectorLayers !== undefined && !(Array.isArray(o.vectorLayers) && o.vectorLayers.every(str))))) return 'a PMTiles archive without its tile type';
    if (o.zooms !== undefined && !(Array.isArray(o.zooms) && o.zooms.length === 2 && o.zooms.every(num))) return 'a PMTiles archive with damaged zooms';
    if (o.kind === 'reference' && (!num(o.features) || !(o.labelField === null || str(o.labelField)) || !Array.isArray(o.fields) || !o.fields.every(str))) return 'a reference layer without its feature count or fields';
    return o as unknown as LayerSource;
  }
  return `an unknown kind of layer (${JSON.stringify(o.kind)})`;
}

/** The stored list read back: the layers that are whole, and a line for each that is not. */
export function readLayerList(value: unknown): { layers: Layer[]; faults: string[] } {
  if (value === undefined || value === null) return { layers: [], faults: [] };
  if (!Array.isArray(value)) return { layers: [], faults: ['the saved layer list is not a list: no layer was restored'] };
  const layers: Layer[] = [];
  const faults: string[] = [];
  const ids = new Set<string>();
  value.forEach((v: unknown, i) => {
    const l = v as Record<string, unknown> | null;
    const name = l && str(l.name) ? `"${l.name}"` : `number ${i + 1}`;
    if (!l || !str(l.id) || !str(l.name) || typeof l.visible !== 'boolean' || !num(l.opacity) || typeof l.snappable !== 'boolean' || !str(l.attribution)) {
      faults.push(`layer ${name}: its settings are damaged`);
      return;
    }
    if (ids.has(l.id)) {
      faults.push(`layer ${name}: listed twice`);
      return;
    }
    const source = readSource(l.source);
    if (typeof source === 'string') {
      faults.push(`layer ${name}: ${source}`);
      return;
    }
    ids.add(l.id);
    layers.push({ id: l.id, name: l.name, source, visible: l.visible, opacity: Math.min(1, Math.max(0, l.opacity)), snappable: l.snappable, attribution: l.attribution });
  });
  return { layers, faults };
}
