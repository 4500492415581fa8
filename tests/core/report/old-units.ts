// The bundled old (≈2008) communes layer for the merger-consistency tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OldUnitCollection } from '../../../src/core/report/merger/old-units';
import { ROOT } from '../../helpers/data';

let cached: OldUnitCollection | null = null;

export function oldUnitsLayer(): OldUnitCollection {
  cached ??= JSON.parse(readFileSync(join(ROOT, 'public', 'data', 'haiphong-haiduong-old-2008.geojson'), 'utf8')) as OldUnitCollection;
  return cached;
}
