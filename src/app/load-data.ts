// Loads the bundled province files. A file that fails to load or parse becomes a LoadError naming
// the file and what is wrong; the UI shows it instead of a blank page.
import type { FeatureCollection, Geometry } from 'geojson';

export class LoadError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

export async function fetchFeatureCollection(url: string): Promise<FeatureCollection<Geometry, Record<string, unknown>>> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new LoadError(url, `network error: ${(e as Error).message}`);
  }
  if (!res.ok) throw new LoadError(url, `HTTP ${res.status} ${res.statusText}`);
  const text = await res.text();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new LoadError(url, `not valid JSON: ${(e as Error).message}`);
  }
  const fc = data as { type?: unknown; features?: unknown };
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new LoadError(url, 'not a GeoJSON FeatureCollection');
  }
  (fc.features as { geometry?: { type?: string } }[]).forEach((f, i) => {
    const type = f?.geometry?.type;
    if (type !== 'Polygon' && type !== 'MultiPolygon') {
      throw new LoadError(url, `feature ${i}: geometry is ${type ?? 'missing'}, expected Polygon or MultiPolygon`);
    }
  });
  return data as FeatureCollection<Geometry, Record<string, unknown>>;
}
