// The map style, inline: no tile server, no glyph server, no sprite. Labels are drawn from local fonts
// (maplibre renders text with TinySDF when the style has no `glyphs`), so the map works offline.
import type { StyleSpecification } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';

// Short forms for the map corner; the footer of the app gives the full credits.
export const UNITS_ATTRIBUTION = '© NXB Tài nguyên – Môi trường và Bản đồ Việt Nam / sapnhap.bando.com.vn';
export const OLD_UNITS_ATTRIBUTION = 'Xã cũ (2008): choisy/vietnam63, MIT';

const empty = (): FeatureCollection => ({ type: 'FeatureCollection', features: [] });

export const TYPE_COLOURS = {
  phuong: '#f4c9a6',
  xa: '#cfe3b5',
  'dac-khu': '#b9d7ee',
  unknown: '#dddddd',
} as const;

export function baseStyle(): StyleSpecification {
  return {
    version: 8,
    sources: {
      units: { type: 'geojson', data: empty(), attribution: UNITS_ATTRIBUTION, promoteId: 'id' },
      borders: { type: 'geojson', data: empty() },
      labels: { type: 'geojson', data: empty() },
      old: { type: 'geojson', data: empty(), attribution: OLD_UNITS_ATTRIBUTION },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#eef3f6' } },
      {
        id: 'units-fill',
        type: 'fill',
        source: 'units',
        paint: {
          'fill-color': [
            'match', ['get', 'type'],
            'phuong', TYPE_COLOURS.phuong,
            'xa', TYPE_COLOURS.xa,
            'dac-khu', TYPE_COLOURS['dac-khu'],
            TYPE_COLOURS.unknown,
          ],
          'fill-opacity': 0.85,
        },
      },
      {
        id: 'units-neighbour',
        type: 'fill',
        source: 'units',
        filter: ['in', ['get', 'id'], ['literal', []]],
        paint: { 'fill-color': '#ffe89a', 'fill-opacity': 0.6 },
      },
      {
        id: 'units-selected',
        type: 'fill',
        source: 'units',
        filter: ['==', ['get', 'id'], ''],
        paint: { 'fill-color': '#3b82f6', 'fill-opacity': 0.35 },
      },
      {
        id: 'old-lines',
        type: 'line',
        source: 'old',
        layout: { visibility: 'none' },
        paint: { 'line-color': '#7c3aed', 'line-width': 1, 'line-dasharray': [3, 2] },
      },
      {
        id: 'borders-shared',
        type: 'line',
        source: 'borders',
        filter: ['==', ['get', 'shared'], true],
        paint: { 'line-color': '#6b7280', 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.6, 14, 1.6] },
      },
      {
        id: 'borders-outer',
        type: 'line',
        source: 'borders',
        filter: ['==', ['get', 'shared'], false],
        paint: { 'line-color': '#1f2937', 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 1.2, 14, 2.5] },
      },
      {
        id: 'units-selected-outline',
        type: 'line',
        source: 'units',
        filter: ['==', ['get', 'id'], ''],
        paint: { 'line-color': '#1d4ed8', 'line-width': 3 },
      },
      {
        id: 'old-labels',
        type: 'symbol',
        source: 'old',
        minzoom: 11,
        layout: {
          visibility: 'none',
          'text-field': ['get', 'name'],
          'text-font': ['sans-serif'],
          'text-size': 10,
        },
        paint: { 'text-color': '#6d28d9', 'text-halo-color': '#ffffff', 'text-halo-width': 1 },
      },
      {
        id: 'unit-labels',
        type: 'symbol',
        source: 'labels',
        layout: {
          'text-field': ['get', 'name'],
          'text-font': ['sans-serif'],
          'text-size': ['interpolate', ['linear'], ['zoom'], 8, 10, 13, 14],
          'text-max-width': 8,
        },
        paint: { 'text-color': '#111827', 'text-halo-color': '#ffffff', 'text-halo-width': 1.4 },
      },
    ],
  };
}
