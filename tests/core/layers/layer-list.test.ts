import { describe, expect, it } from 'vitest';
import type { Layer } from '../../../src/core/layers/layer';
import { addLayer, layerFileIds, layerOrigins, moveLayer, readLayerList, removeLayer, updateLayer } from '../../../src/core/layers/layer-list';

const tiles = (id: string, template: string): Layer => ({
  id, name: id, visible: true, opacity: 1, snappable: false, attribution: '',
  source: { kind: 'tiles', service: 'xyz', template, scheme: 'xyz', tileSize: 256 },
});
const reference = (id: string): Layer => ({
  id, name: id, visible: true, opacity: 1, snappable: true, attribution: '',
  source: { kind: 'reference', fileId: `f-${id}`, fileName: `${id}.geojson`, bytes: 10, features: 2, bounds: [106, 20, 107, 21], labelField: null, fields: ['so_thua'] },
});

describe('layer list edits', () => {
  const list = [tiles('a', 'https://a.vn/{z}/{x}/{y}.png'), reference('r'), tiles('b', 'http://127.0.0.1:9000/{z}/{x}/{y}.png')];

  it('adds, refuses a second layer with the same id, removes', () => {
    expect(() => addLayer(list, tiles('a', 'https://c/{z}/{x}/{y}'))).toThrow(/already/);
    expect(removeLayer(list, 'r').map((l) => l.id)).toEqual(['a', 'b']);
  });

  it('moves one place up or down, and not past either end', () => {
    expect(moveLayer(list, 'a', 'up').map((l) => l.id)).toEqual(['r', 'a', 'b']);
    expect(moveLayer(list, 'a', 'down')).toBe(list);
    expect(moveLayer(list, 'b', 'up')).toBe(list);
    expect(moveLayer(list, 'b', 'down').map((l) => l.id)).toEqual(['a', 'b', 'r']);
  });

  it('updates opacity within 0..1, and the label field of a reference layer only', () => {
    const u = updateLayer(list, 'r', { opacity: 3, labelField: 'so_thua' });
    expect(u[1]!.opacity).toBe(1);
    expect(u[1]!.source).toMatchObject({ labelField: 'so_thua' });
    expect(updateLayer(list, 'a', { labelField: 'x', opacity: -1 })[0]).toMatchObject({ opacity: 0, source: { kind: 'tiles' } });
    expect(list[1]!.source).toMatchObject({ labelField: null });
  });

  it('lists the origins to allow and the files to keep', () => {
    expect(layerOrigins(list)).toEqual(['http://127.0.0.1:9000', 'https://a.vn']);
    expect(layerFileIds(list)).toEqual(['f-r']);
  });
});

describe('readLayerList', () => {
  it('gives back a saved list as it was', () => {
    const list = [tiles('a', 'https://a.vn/{z}/{x}/{y}.png'), reference('r')];
    expect(readLayerList(JSON.parse(JSON.stringify(list)))).toEqual({ layers: list, faults: [] });
    expect(readLayerList(undefined)).toEqual({ layers: [], faults: [] });
  });

  it('keeps the whole entries of a damaged list and names each damaged one', () => {
    const r = readLayerList([
      tiles('a', 'https://a.vn/{z}/{x}/{y}.png'),
      { ...tiles('b', 'x'), source: { kind: 'tiles', service: 'xyz', template: 'not a url', scheme: 'xyz', tileSize: 256 } },
      { id: 'c', name: 'Thửa đất' },
      tiles('a', 'https://again/{z}/{x}/{y}'),
      { ...reference('r'), source: { kind: 'reference', fileId: 'f' } },
      { ...tiles('k', 'https://k/{z}/{x}/{y}'), source: { kind: 'magic' } },
      null,
    ]);
    expect(r.layers.map((l) => l.id)).toEqual(['a']);
    expect(r.faults).toEqual([
      'layer "b": a tile address that is not a web address',
      'layer "Thửa đất": its settings are damaged',
      'layer "a": listed twice',
      'layer "r": a reference file without its id, name, size or bounds',
      'layer "k": an unknown kind of layer ("magic")',
      'layer number 7: its settings are damaged',
    ]);
    expect(readLayerList({ layers: [] }).faults).toEqual(['the saved layer list is not a list: no layer was restored']);
  });
});
