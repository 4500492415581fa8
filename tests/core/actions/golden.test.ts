// Golden fixtures for the editing actions (Turf's habit: fixtures in, expected out; REGEN=1 rewrites the
// expected files after a deliberate change — review the diff before committing it).
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { coverageFromFeatures, coverageToFeatureCollection, readUnitAttrs, type PolygonalFeature } from '../../../src/core/model';
import type { Coverage } from '../../../src/core/model/types';
import type { Action } from '../../../src/core/actions/refusal';
import { actionMoveVertex } from '../../../src/core/actions/move-vertex';
import { actionInsertVertex } from '../../../src/core/actions/insert-vertex';
import { actionDeleteVertex } from '../../../src/core/actions/delete-vertex';
import { actionReshapeBorder } from '../../../src/core/actions/reshape-border';
import { actionSplitUnit } from '../../../src/core/actions/split-unit';
import { actionMergeUnits } from '../../../src/core/actions/merge-units';
import { actionTransferArea, actionAddUnit } from '../../../src/core/actions/geometry-edits';
import { ROOT } from '../../helpers/data';

const DIR = join(ROOT, 'tests', 'fixtures', 'actions');
const IN = JSON.parse(readFileSync(join(DIR, 'row.in.geojson'), 'utf8')) as FeatureCollection<Polygon | MultiPolygon, Record<string, unknown>>;
const arcAt = (c: Coverage, lon: number) => c.arcs.findIndex((a) => a.length === 2 && a.every((p) => p[0] === lon));
const square = (x0: number, y0: number, d: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[[x0, y0], [x0 + d, y0], [x0 + d, y0 + d], [x0, y0 + d], [x0, y0]]],
});

const CASES: Record<string, (c: Coverage) => Action<Coverage>> = {
  'move-shared-node': (c) => actionMoveVertex({ arc: arcAt(c, 106.01), index: 0 }, [106.012, 20]),
  'insert-then-move': (c) => {
    const a = arcAt(c, 106.01);
    const ins = actionInsertVertex(a, 0, [106.01, 20.005]);
    return Object.assign((x: Coverage) => actionMoveVertex({ arc: a, index: 1 }, [106.013, 20.005])(ins(x)), { disabled: () => false as const });
  },
  'delete-inner-vertex': (c) => {
    const a = arcAt(c, 106.01);
    const ins = actionInsertVertex(a, 0, [106.012, 20.005]);
    return Object.assign((x: Coverage) => actionDeleteVertex({ arc: a, index: 1 })(ins(x)), { disabled: () => false as const });
  },
  reshape: () => actionReshapeBorder([[106.01, 20.002], [106.014, 20.005], [106.01, 20.008]], 1e-9),
  split: () => actionSplitUnit('10001', [[106, 20.004], [106.005, 20.006], [106.01, 20.004]], 1e-9, '10009', readUnitAttrs({ code: '10009', name: 'Tách', type: 'xa' })),
  merge: () => actionMergeUnits('10002', '10003'),
  transfer: () => actionTransferArea(square(106.008, 20.003, 0.004), '10001', '10002'),
  'add-unit-avoiding-overlap': () => actionAddUnit('10009', readUnitAttrs({ code: '10009', name: 'Mới', type: 'xa' }), square(106.025, 20.005, 0.015)),
};

describe('golden fixtures: actions on row.in.geojson', () => {
  const c = coverageFromFeatures(IN.features as PolygonalFeature[]);
  for (const [name, make] of Object.entries(CASES)) {
    it(name, () => {
      const action = make(c);
      expect(action.disabled(c)).toBe(false);
      const out = coverageToFeatureCollection(action(c));
      const file = join(DIR, `${name}.out.geojson`);
      const text = `${JSON.stringify(out, null, 1)}\n`;
      if (process.env.REGEN === '1') writeFileSync(file, text);
      if (!existsSync(file)) throw new Error(`golden file ${file} is missing (write it with REGEN=1 and review it)`);
      expect(out).toEqual(JSON.parse(readFileSync(file, 'utf8')));
    });
  }

  it('never mutates the input', () => {
    const before = JSON.stringify(coverageToFeatureCollection(c));
    for (const make of Object.values(CASES)) make(c)(c);
    expect(JSON.stringify(coverageToFeatureCollection(c))).toBe(before);
  });
});
