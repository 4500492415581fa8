// Which coordinate system a file's numbers are in, decided once for every importer (units and reference
// layers alike): the user's choice, else what the file names, else what the numbers look like. VN-2000
// metres are never assumed, because the central meridian is not in the numbers: the user is asked.
import type { SourceCrs } from './crs';
import type { IoError } from './errors';
import { guessCoordinates, WGS84 } from './vn2000';

/** How the CRS was decided: named by the file, chosen by the user, or assumed from degree-like numbers. */
export type CrsFrom = 'file' | 'option' | 'numbers';

export interface CrsDecision {
  readonly crs: SourceCrs;
  readonly crsFrom: CrsFrom;
}

// Vietnam with its islands (Trường Sa reaches ~117.9 E) and a margin; outside is likely a wrong CRS.
export const VIETNAM = { west: 101, east: 118.5, south: 5, north: 24.5 } as const;

/** The CRS of `sample` (every source position of the file), or the error that asks or refuses. */
export function decideCrs(file: string, sample: Iterable<readonly number[]>, declared: SourceCrs | null, fromCrs: SourceCrs | undefined): CrsDecision | IoError {
  const guess = guessCoordinates(sample);
  let crs: SourceCrs;
  let crsFrom: CrsFrom;
  if (fromCrs) {
    crs = fromCrs;
    crsFrom = 'option';
  } else if (declared) {
    crs = declared;
    crsFrom = 'file';
  } else if (guess.kind === 'lonlat') {
    crs = WGS84;
    crsFrom = 'numbers';
  } else if (guess.kind === 'vn2000-metres') {
    // Metres in Vietnam's ranges: most likely VN-2000, but the meridian is not in the numbers: ask.
    return {
      code: 'crs-unconfirmed', file, message: `coordinates look like VN-2000 metres (${guess.axis === 'ne' ? 'X = northing first' : 'easting first'}); choose the central meridian`,
      values: { guess: 'vn2000', axis: guess.axis },
    };
  } else {
    return { code: 'coordinates-not-lonlat', file, message: 'coordinates are neither lon/lat degrees nor VN-2000 metres; name the coordinate system' };
  }
  // Easting and northing ranges never overlap in Vietnam, so the numbers settle the axis order whatever
  // the user or the file assumed (X = northing files are common).
  if (crs.kind === 'vn2000' && guess.kind === 'vn2000-metres' && guess.axis !== crs.axis) crs = { ...crs, axis: guess.axis };
  if (crs.kind === 'wgs84' && guess.kind !== 'lonlat') {
    return { code: 'coordinates-not-lonlat', file, message: 'the file is declared as lon/lat but its numbers are not degrees' };
  }
  return { crs, crsFrom };
}
