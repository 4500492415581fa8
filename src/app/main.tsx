// Composition root: builds the editor, the map adapter and the UI, then loads the bundled province.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { Editor } from '../editor/editor';
import { coverageFromFeatures } from '../core/model/from-geojson';
import { MaplibreMap } from '../map/maplibre-map';
import { App } from '../ui/App';
import { LoadError, fetchFeatureCollection } from './load-data';
import { workerValidator } from '../workers/validation-client';
import './styles.css';

const DATA = {
  units: `${import.meta.env.BASE_URL}data/haiphong-2025.geojson`,
  oldUnits: `${import.meta.env.BASE_URL}data/haiphong-haiduong-old-2008.geojson`,
};

const editor = new Editor(workerValidator());
let currentMap: MaplibreMap | null = null;
const createMap = (container: HTMLElement, label: string) => (currentMap = new MaplibreMap({ container, label }));

async function loadProvince(): Promise<void> {
  try {
    const [units, old] = await Promise.all([fetchFeatureCollection(DATA.units), fetchFeatureCollection(DATA.oldUnits)]);
    editor.load(coverageFromFeatures(units.features as Feature<Polygon | MultiPolygon>[]));
    editor.setOldUnits(old);
  } catch (e) {
    if (e instanceof LoadError) editor.fail(e.file, e.message);
    else editor.fail(DATA.units, e instanceof Error ? e.message : String(e));
    console.error(e);
  }
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App editor={editor} createMap={createMap} />
  </StrictMode>,
);
void loadProvince();
// Test hook: lets end-to-end tests read engine state without reaching into React.
(window as unknown as { __diaGioi: unknown }).__diaGioi = { editor, map: () => currentMap };
