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
      borders: { type: 'geojson', data: empty(), promoteId: 'arc' },
      labels: { type: 'geojson', data: empty(), promoteId: 'id' },
      issues: { type: 'geojson', data: empty() },
      'issue-selected': { type: 'geojson', data: empty() },
      preview: { type: 'geojson', data: empty() },
      compare: { type: 'geojson', data: empty() },
      handles: { type: 'geojson', data: empty() },
      sketch: { type: 'geojson', data: empty() },
      old: { type: 'geojson', data: empty(), attribution: OLD_UNITS_ATTRIBUTION },
      context: { type: 'geojson', data: empty() },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#eef3f6' } },
      // Units of the neighbouring provinces: grey, under the draft's own, never selectable.
      { id: 'context-fill', type: 'fill', source: 'context', paint: { 'fill-color': '#e5e7eb', 'fill-opacity': 0.8 } },
      {
        id: 'context-lines',
        type: 'line',
        source: 'context',
        paint: { 'line-color': '#9ca3af', 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.5, 14, 1.2], 'line-dasharray': [4, 2] },
      },
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
      // Shared borders are the units' outlines; the edge (arcs used once) is drawn over them.
      {
        id: 'borders-shared',
        type: 'line',
        source: 'units',
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
      // Issues: overlaps red, gaps orange, slivers and other warnings amber; points mark small ones.
      {
        id: 'issues-fill',
        type: 'fill',
        source: 'issues',
        // Only conflicts between units are filled; other issues' areas (e.g. an old commune for the merger
        // check) would cover the map. They are outlined when their issue is selected.
        filter: [
          'all',
          ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]],
          ['in', ['get', 'kind'], ['literal', ['overlap', 'gap', 'sliver']]],
        ],
        paint: {
          'fill-color': ['match', ['get', 'kind'], 'overlap', '#dc2626', 'gap', '#f97316', '#f59e0b'],
          'fill-opacity': 0.55,
        },
      },
      {
        id: 'issues-line',
        type: 'line',
        source: 'issues',
        filter: [
          'all',
          ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon', 'LineString', 'MultiLineString']]],
          ['in', ['get', 'kind'], ['literal', ['overlap', 'gap', 'sliver', 'self-intersection', 'invalid-ring']]],
        ],
        paint: {
          'line-color': ['match', ['get', 'kind'], 'overlap', '#b91c1c', 'gap', '#c2410c', '#b45309'],
          'line-width': 2,
        },
      },
      {
        id: 'issues-point',
        type: 'circle',
        source: 'issues',
        filter: ['in', ['geometry-type'], ['literal', ['Point', 'MultiPoint']]],
        paint: {
          // Warnings (e.g. duplicate vertices on every unit) stay small until zoomed in; errors always show.
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, ['match', ['get', 'severity'], 'error', 5, 1.5], 14, ['match', ['get', 'severity'], 'error', 7, 5]],
          'circle-color': ['match', ['get', 'severity'], 'error', '#dc2626', '#f59e0b'],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 8, 0.5, 14, 1.5],
        },
      },
      {
        id: 'issue-selected-line',
        type: 'line',
        source: 'issue-selected',
        // A line layer draws a MultiPoint as a polyline through its points: keep points out of it.
        filter: ['!', ['in', ['geometry-type'], ['literal', ['Point', 'MultiPoint']]]],
        paint: { 'line-color': '#7f1d1d', 'line-width': 4, 'line-dasharray': [2, 1] },
      },
      {
        id: 'issue-selected-point',
        type: 'circle',
        source: 'issue-selected',
        filter: ['in', ['geometry-type'], ['literal', ['Point', 'MultiPoint']]],
        paint: { 'circle-radius': 10, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#7f1d1d', 'circle-stroke-width': 3 },
      },
      {
        id: 'compare-line',
        type: 'line',
        source: 'compare',
        paint: { 'line-color': '#db2777', 'line-width': 4, 'line-opacity': 0.85 },
      },
      {
        id: 'preview-fill',
        type: 'fill',
        source: 'preview',
        filter: ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]],
        paint: { 'fill-color': '#16a34a', 'fill-opacity': 0.45 },
      },
      {
        id: 'preview-line',
        type: 'line',
        source: 'preview',
        filter: ['!', ['in', ['geometry-type'], ['literal', ['Point', 'MultiPoint']]]],
        paint: { 'line-color': '#15803d', 'line-width': 3 },
      },
      {
        // Points a fix removes (repeated vertices): rings, so the vertex under each stays visible.
        id: 'preview-point',
        type: 'circle',
        source: 'preview',
        filter: ['in', ['geometry-type'], ['literal', ['Point', 'MultiPoint']]],
        paint: { 'circle-radius': 6, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#15803d', 'circle-stroke-width': 2.5 },
      },
      {
        id: 'context-labels',
        type: 'symbol',
        source: 'context',
        minzoom: 10,
        layout: { 'text-field': ['get', 'label'], 'text-font': ['sans-serif'], 'text-size': 10, 'text-max-width': 9 },
        paint: { 'text-color': '#6b7280', 'text-halo-color': '#ffffff', 'text-halo-width': 1 },
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
      // Edit handles and the sketch stay above labels so they can always be grabbed.
      {
        id: 'sketch-line',
        type: 'line',
        source: 'sketch',
        filter: ['==', ['geometry-type'], 'LineString'],
        paint: {
          'line-color': ['match', ['get', 'role'], 'drag', '#f59e0b', '#9333ea'],
          'line-width': ['match', ['get', 'role'], 'drag', 3, 2.5],
        },
      },
      {
        id: 'sketch-fill',
        type: 'fill',
        source: 'sketch',
        filter: ['==', ['geometry-type'], 'Polygon'],
        paint: { 'fill-color': '#9333ea', 'fill-opacity': 0.15 },
      },
      {
        id: 'sketch-point',
        type: 'circle',
        source: 'sketch',
        filter: ['==', ['geometry-type'], 'Point'],
        paint: {
          'circle-radius': ['match', ['get', 'role'], 'snap', 8, 4],
          'circle-color': ['match', ['get', 'role'], 'snap', 'rgba(0,0,0,0)', '#9333ea'],
          'circle-stroke-color': ['match', ['get', 'role'], 'snap', '#db2777', '#ffffff'],
          'circle-stroke-width': 2,
        },
      },
      {
        id: 'handles-midpoint',
        type: 'circle',
        source: 'handles',
        filter: ['==', ['get', 'kind'], 'midpoint'],
        paint: { 'circle-radius': 3.5, 'circle-color': '#ffffff', 'circle-stroke-color': '#2563eb', 'circle-stroke-width': 1, 'circle-opacity': 0.9 },
      },
      {
        id: 'handles-vertex',
        type: 'circle',
        source: 'handles',
        filter: ['==', ['get', 'kind'], 'vertex'],
        paint: {
          'circle-radius': ['case', ['get', 'node'], 6, 4.5],
          'circle-color': ['case', ['get', 'active'], '#f59e0b', ['get', 'node'], '#1d4ed8', '#ffffff'],
          'circle-stroke-color': '#1d4ed8',
          'circle-stroke-width': 1.5,
        },
      },
    ],
  };
}
