// The service worker precaches the app, the province index and every unit's name, but no province's
// units: those are fetched only for the provinces a user chooses (issue 11).
import { describe, expect, it } from 'vitest';
import { precached } from '../../scripts/vite-service-worker';

describe('precache list', () => {
  it('keeps the app, the province index and the names; leaves out the province files, maps and the worker', () => {
    expect(['index.html', 'assets/index-abc.js', 'data/provinces/index.json', 'data/provinces/names.json'].filter(precached)).toHaveLength(4);
    expect(['data/provinces/68.bin', 'data/provinces/31.old-2008.bin', 'assets/index-abc.js.map', 'sw.js'].filter(precached)).toEqual([]);
    // Hải Phòng opens from data/provinces/31.bin like every province: its GeoJSON files are not the app's.
    expect(['data/haiphong-2025.geojson', 'data/haiphong-haiduong-old-2008.geojson'].filter(precached)).toEqual([]);
  });
});
