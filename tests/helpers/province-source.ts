// An in-memory ProvinceSource for workspace tests: provinces come from `load`, and "kept" lists those loaded.
import type { Coverage } from '../../src/core/model/types';
import type { KeptProvince, ProvinceSource } from '../../src/editor/province-source';
import { PROVINCES, provinceByCode } from '../../src/core/model/province';

export function testProvinces(load: (code: string) => Promise<Coverage>): ProvinceSource & { loaded: string[] } {
  const kept = new Map<string, KeptProvince>();
  const loaded: string[] = [];
  return {
    dataVersion: 't',
    loaded,
    unitNames: () => Promise.resolve({ provinces: new Map(PROVINCES.map((p) => [p.code, p.name])), units: [] }),
    offers: () => Promise.resolve(PROVINCES.map((p) => ({ code: p.code, name: p.name, units: 0, downloadBytes: 1000 }))),
    loadUnits: async (code) => {
      const c = await load(code);
      loaded.push(code);
      kept.set(code, { code, name: provinceByCode(code)?.name ?? code, bytes: 1000 });
      return c;
    },
    kept: () => Promise.resolve([...kept.values()]),
    removeKept: (code) => {
      kept.delete(code);
      return Promise.resolve();
    },
  };
}
