// Loads the bundled province files. A file that fails to load or parse becomes a LoadError naming
// the file and what is wrong; the UI shows it instead of a blank page.
import type { FeatureCollection, Geometry } from 'geojson';
import { formatReadError, readGeoJsonText } from '../io/geojson-read';

export class LoadError extends Error {
  constructor(
    readonly file: string,
    message: string,
    /** True when the network itself failed (offline, no route), not the server or the file. */
    readonly network = false,
  ) {
    super(message);
  }
}

/** The response for `url`, or a LoadError naming it: the network failed, or the server said no. */
export async function fetchOk(url: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new LoadError(url, `network error: ${(e as Error).message}`, true);
  }
  if (!res.ok) throw new LoadError(url, `HTTP ${res.status} ${res.statusText}`);
  return res;
}

export async function fetchFeatureCollection(url: string): Promise<FeatureCollection<Geometry, Record<string, unknown>>> {
  const res = await fetchOk(url);
  // The same reader as the command line: it names the feature and what is wrong with it.
  const read = readGeoJsonText(await res.text(), url, { idField: null });
  if (!read.ok) throw new LoadError(url, formatReadError(read.error));
  return { type: 'FeatureCollection', features: read.features as FeatureCollection<Geometry, Record<string, unknown>>['features'] };
}
