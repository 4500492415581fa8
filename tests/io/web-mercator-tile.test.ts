// The tile grid against proj4's EPSG:3857 and the XYZ numbering maplibre uses.
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { lonLatToMercator, mercatorToLonLat, tileBounds, tileRange } from '../../src/io/web-mercator-tile';

describe('Web Mercator tiles', () => {
  it('zoom 0 is the whole square world, y counted from the north', () => {
    expect(tileBounds(0, 0, 0)).toEqual([-20037508.342789244, -20037508.342789244, 20037508.342789244, 20037508.342789244]);
    const [, minY, , maxY] = tileBounds(1, 0, 0);
    expect([minY, maxY]).toEqual([0, 20037508.342789244]);
  });

  it('agrees with proj4 EPSG:3857 both ways to the micrometre', () => {
    const merc = proj4('WGS84', 'EPSG:3857');
    for (const [lon, lat] of [[106.68, 20.85], [105.85, 21.03], [-70, -45], [0, 0]] as const) {
      const [x, y] = lonLatToMercator(lon, lat);
      const [px, py] = merc.forward([lon, lat]);
      expect(Math.abs(x - px!)).toBeLessThan(1e-6);
      expect(Math.abs(y - py!)).toBeLessThan(1e-6);
      const [blon, blat] = mercatorToLonLat(x, y);
      expect(Math.abs(blon - lon)).toBeLessThan(1e-12);
      expect(Math.abs(blat - lat)).toBeLessThan(1e-12);
    }
  });

  it('the tiles touched by a box', () => {
    // Hải Phòng at zoom 10 lies in tile 815/451 (as OpenStreetMap numbers it); a wider box spans 814–816 × 450–451.
    expect(tileRange([106.6, 20.8, 106.7, 20.9], 10)).toEqual([815, 451, 815, 451]);
    expect(tileRange([106.5, 20.8, 106.9, 21.2], 10)).toEqual([814, 450, 816, 451]);
    expect(tileRange([-180, -90, 180, 90], 2)).toEqual([0, 0, 3, 3]);
  });
});
