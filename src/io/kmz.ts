// A KMZ is a zip whose KML is doc.kml by convention (Google Earth writes it so), else its first .kml:
// one rule for the unit import and the reference layers alike.
import { unzipBounded } from './bounded-unzip';
import type { IoError } from './errors';

/** The KML bytes of a KMZ, or 'broken-zip' / 'too-large' / 'not-kml' naming the archive. */
export function kmlOfKmz(file: string, bytes: Uint8Array): Uint8Array | IoError {
  const files = unzipBounded(file, bytes, (name) => /\.kml$/i.test(name));
  if (!(files instanceof Map)) return files;
  const doc = files.get('doc.kml') ?? files.values().next().value;
  return doc ?? { code: 'not-kml', file, message: 'the KMZ holds no .kml' };
}
