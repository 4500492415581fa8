// The service worker precaches the app and its bundled data, but not the national province files: those
// are fetched only for the provinces a user chooses (issue 11).
import { describe, expect, it } from 'vitest';
import { precached } from '../../scripts/vite-service-worker';

describe('precache list', () => {
  it('keeps the app, Hải Phòng and the province index; leaves out the province files, maps and the worker', () => {
    expect(['index.html', 'assets/index-abc.js', 'data/haiphong-2025.geojson', 'data/provinces/index.json'].filter(precached)).toHaveLength(4);
    expect(['data/provinces/68.bin', 'data/provinces/68.old-2008.bin', 'assets/index-abc.js.map', 'sw.js'].filter(precached)).toEqual([]);
  });
});
