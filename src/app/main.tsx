// Composition root: builds the editor, the map adapter, the validator worker, the draft store and the
// UI, then opens the last draft; with none, it asks which commune or ward the user is and opens that
// unit's province (or the province a link names: ?province=NN).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { FeatureCollection, Geometry } from 'geojson';
import { Editor } from '../editor/editor';
import { Workspace } from '../editor/workspace';
import { unitAreaM2 } from '../core/geom/unit-measure';
import { MaplibreMap } from '../map/maplibre-map';
import { createBrowserDraftStore } from '../persistence';
import { workerValidator } from '../workers/validation-client';
import { workerDecodeUnits } from '../workers/province-decode-client';
import { App } from '../ui/App';
import { LoadError } from './load-data';
import { loadNeighbourProvinces } from './load-neighbours';
import { ProvinceFiles } from './province-files';
import { ServiceWorkerUpdate } from './app-update';
import { LayerLibrary } from '../editor/layer-library';
import { OpfsLayerFiles } from '../persistence/layer-files-opfs';
import { PageTileHosts } from './tile-hosts';
import { readReferenceLazily } from './read-reference';
import { checkGeoTiff } from './read-geotiff';
import { checkPmtiles } from './read-pmtiles';
import { OfflineTiles } from './offline-tiles';
import { workerRasterTiles } from '../workers/raster-tiles-client';
import { HubSession, type HubSaved } from '../editor/hub-session';
import type { SettingValue } from '../editor/draft-store-port';
import { HttpHub } from './hub-http';
import './styles.css';

// choisy/vietnam63's communes: boundaries of about 2008 (see geodata/README.md).
const OLD_UNITS_YEAR = 2008;
const NO_OLD_UNITS: FeatureCollection<Geometry, Record<string, unknown>> = { type: 'FeatureCollection', features: [] };

const files = new ProvinceFiles(import.meta.env.BASE_URL, workerDecodeUnits());
const editor = new Editor(workerValidator());
const store = createBrowserDraftStore();
const workspace = new Workspace(editor, store, files, { firstProvince: new URLSearchParams(window.location.search).get('province') });
const layerFiles = new OpfsLayerFiles();
const rasterTiles = workerRasterTiles((id) => layerFiles.get(id));
const layers = new LayerLibrary(editor, store, layerFiles, new PageTileHosts(import.meta.env.BASE_URL));
let currentMap: MaplibreMap | null = null;
// The province hub that served this page, if one did (issue 13): its state and outbox are a setting of
// the workspace, so they live in IndexedDB beside the drafts and go into backups with them.
const HUB_SETTING = 'hub';
const hub = new HubSession({
  port: new HttpHub(),
  store: {
    load: async () => (await store.getSetting(HUB_SETTING)) as HubSaved | undefined,
    save: (s) => store.setSetting(HUB_SETTING, s as unknown as SettingValue),
  },
  coverage: () => editor.coverage.get(),
  perform: (action, annotation) => editor.perform(action, annotation),
});
let firstPaintDone: () => void = () => undefined;
/** Resolves when a map has drawn its first coverage (the map a remount destroyed never does). */
const firstPaint = new Promise<void>((r) => (firstPaintDone = r));
const createMap = (container: HTMLElement, label: string) => {
  const map = (currentMap = new MaplibreMap({ container, label, rasterTiles, localFile: (id) => layerFiles.get(id), onLayerError: (id, failure) => layers.reportTileFailure(id, failure), onLayerTile: (id) => layers.reportTileLoaded(id) }));
  void map.whenReady().then(() => firstPaintDone());
  return map;
};
/** Longest the province's context waits for the first paint (a map that cannot draw must not hold it back). */
const CONTEXT_WAITS_MS = 10_000;
/** Longest the first full check waits for the province's context. */
const CONTEXT_HOLDS_CHECKS_MS = 30_000;

function reportFailure(e: unknown, fallbackFile: string): void {
  if (e instanceof LoadError) editor.fail(e.file, e.message);
  else editor.fail(fallbackFile, e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  console.error(e);
}

async function start(): Promise<void> {
  // The first full check waits for the province's context, which would start it again twice.
  // A context that never arrives (a request that hangs) holds them CONTEXT_HOLDS_CHECKS_MS at most.
  let contextSettled: () => void = () => undefined;
  const settled = new Promise<void>((r) => (contextSettled = r));
  editor.holdFullChecks(Promise.race([settled, new Promise((r) => setTimeout(r, CONTEXT_HOLDS_CHECKS_MS))]));
  try {
    await workspace.start();
  } catch (e) {
    contextSettled();
    reportFailure(e, `data/provinces/${workspace.options.firstProvince ?? ''}`);
    return;
  } finally {
    // After the draft: the user's layers never hold back the province's first paint. Before any change
    // to the list (changes wait for it), so a change never saves a list that forgot the stored one.
    layers.load().catch((e: unknown) => console.error('the saved layers could not be restored', e));
  }
  // Each draft brings its province's context: the old communes and the provinces around it. The first
  // one loads once the draft is on the map: decoding, drawing and checking the context (for the largest
  // province, as many vertices again as the draft) took the cores the first paint needed.
  await Promise.race([firstPaint, new Promise((r) => setTimeout(r, CONTEXT_WAITS_MS))]);
  workspace.currentDraft.subscribe(() => void loadProvinceContext());
  try {
    await loadProvinceContext();
  } finally {
    contextSettled();
  }
}

/** The province whose context is loaded (or loading), and a counter that makes older loads stale. */
let contextOf: string | null = null;
let contextRun = 0;

async function loadProvinceContext(): Promise<void> {
  const code = editor.province.get()?.code;
  if (!code || code === contextOf) return;
  const run = ++contextRun;
  if (contextOf !== null) {
    editor.setOldUnits(NO_OLD_UNITS, null);
    editor.setNeighbourProvinces({ status: 'none' });
  }
  contextOf = code;
  try {
    const old = await files.loadOldUnits(code);
    if (run !== contextRun) return;
    editor.setOldUnits(old, OLD_UNITS_YEAR);
  } catch (e) {
    if (run === contextRun) reportFailure(e, `data/provinces/${code}.old-2008.bin`);
  }
  if (run === contextRun) await loadNeighbours(run, code);
}

/** The neighbouring provinces' units: context only, so a failure is shown, never fatal. */
async function loadNeighbours(run: number, code: string): Promise<void> {
  const c = editor.coverage.get();
  if (!c) return;
  editor.setNeighbourProvinces({ status: 'loading' });
  try {
    const loaded = await loadNeighbourProvinces(files, code, c);
    if (run === contextRun) editor.setNeighbourProvinces({ status: 'ready', ...loaded });
  } catch (e) {
    console.error(e);
    if (run !== contextRun) return;
    const file = e instanceof LoadError ? e.file : 'data/provinces';
    editor.setNeighbourProvinces({ status: 'unavailable', file, message: e instanceof Error ? e.message : String(e) });
  }
}

// Save what is pending when the page goes away or into the background (a laptop lid closing), and
// write the second copy that waits for saves to pause: the tab may not come back.
// Warn well before the disk is full: look at the space left every minute.
setInterval(() => void workspace.refreshStorage().catch((e: unknown) => console.error(e)), 60_000);
window.addEventListener('pagehide', () => void workspace.settle().catch((e: unknown) => console.error(e)));
// Changes that are only in this tab (saving, failing, or refused) are lost if it closes: say so first.
window.addEventListener('beforeunload', (e) => {
  if (!workspace.hasUnsaved()) return;
  e.preventDefault();
  e.returnValue = true; // older Chromium needs a value set
});
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') void workspace.settle().catch((e: unknown) => console.error(e));
});

// The offline app (production builds only: the dev server serves modules the worker cannot precache).
// A new version waits until the user reloads through the banner, which saves the draft first.
let update: ServiceWorkerUpdate | undefined;
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  update = new ServiceWorkerUpdate(navigator.serviceWorker, { beforeReload: () => workspace.flush(), reload: () => window.location.reload() });
  update.start('./sw.js').catch((e: unknown) => console.error('service worker registration failed', e));
  // A tab left open for days still hears of a new version (the browser checks on navigations only).
  setInterval(() => void update?.check().catch(() => undefined), 60 * 60 * 1000);
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App
      editor={editor}
      workspace={workspace}
      createMap={createMap}
      update={update}
      layers={layers}
      hub={hub}
      offlineTiles={new OfflineTiles(import.meta.env.BASE_URL)}
      readReference={readReferenceLazily}
      checkGeoTiff={checkGeoTiff}
      checkPmtiles={checkPmtiles}
      onReload={() => void workspace.flush().then(() => window.location.reload(), (e: unknown) => console.error('not reloaded: the draft could not be saved', e))}
    />
  </StrictMode>,
);
void start();
// A hub serving the app marks its index.html (src/server/static-app.ts): a page served by anything else
// makes no request to an /api that is not there.
if (document.querySelector('meta[name="dia-gioi-hub"]')) hub.start().catch((e: unknown) => console.error('province hub', e));
else hub.noHub();
// Test hook: lets end-to-end tests read engine state without reaching into React. Only in the build for
// the end-to-end suite (`vite build --mode e2e`): the condition is a constant, so production builds
// drop the hook entirely (tests/build/production-build.test.ts checks that).
if (import.meta.env.MODE === 'e2e') {
  (window as unknown as { __diaGioi: unknown }).__diaGioi = {
    editor,
    workspace,
    layers,
    update,
    map: () => currentMap,
    areaM2: (unitId: string) => {
      const c = editor.coverage.get();
      return c?.units.has(unitId) ? unitAreaM2(c, unitId) : null;
    },
  };
}
