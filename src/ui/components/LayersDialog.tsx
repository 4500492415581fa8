import { useEffect, useRef, useState } from 'react';
import type { Layer } from '../../core/layers/layer';
import { tileTemplate, wmsTemplate } from '../../core/layers/tile-url';
import { countTiles, ESTIMATED_TILE_BYTES, MAX_OFFLINE_TILES, tilesCovering } from '../../core/layers/offline-tiles';
import type { TileKeeper } from '../../editor/tile-keeper-port';
import type { LayerLibrary, ReferenceInput } from '../../editor/layer-library';
import { LayerFileNotKeptError, type LayerProblem } from '../../editor/layer-problem';
import { size } from '../format-size';
import { useStore } from '../hooks/use-store';
import { errorText } from '../i18n/error-text';
import { describeIoError } from '../i18n/io-error-text';
import type { IoError } from '../../io/errors';
import { useLang, useT } from '../i18n/language';
import { formatNumber, type Messages } from '../i18n/messages';

/** What is wrong with a layer file: a code the panel phrases, the file's name, and the technical detail. */
export interface LayerFileFault {
  readonly code: string;
  readonly file: string;
  readonly detail: string;
}

/** Checks a GeoTIFF before it is kept: where it lies and in which CRS, or what is wrong with it. */
export type CheckGeoTiff = (file: File) => Promise<
  { ok: true; bounds: readonly [number, number, number, number]; crs: string; warnings: readonly IoError[] } | { ok: false; fault: LayerFileFault }
>;

/** Checks a PMTiles archive before it is kept: its tiles' kind, zooms and place, or what is wrong with it. */
export type CheckPmtiles = (file: File) => Promise<
  | { ok: true; tileType: 'raster' | 'vector'; bounds: readonly [number, number, number, number]; zooms: readonly [number, number]; vectorLayers: readonly string[] }
  | { ok: false; fault: LayerFileFault }
>;

/** Reads a file as a reference layer: its features, or what is wrong with it. */
/** `lon0`: the VN-2000 meridian the user chose for a file whose numbers say VN-2000 but not which grid. */
export type ReadReference = (file: File, lon0?: number) => Promise<{ ok: true; value: Omit<ReferenceInput, 'name'> } | { ok: false; errors: readonly IoError[] }>;

function faultText(L: Messages['layers'], f: LayerFileFault): string {
  return `${f.file}: ${L.fileFaults[f.code] ?? f.code} — ${f.detail}`;
}

function notKeptText(L: Messages['layers'], e: LayerFileNotKeptError): string {
  if (e.noSpace) return L.noSpace(e.fileName, size(e.bytes), e.spaceLeft === null ? null : size(e.spaceLeft));
  return L.notKept(e.fileName, size(e.bytes), e.detail);
}

function problemText(L: Messages['layers'], p: LayerProblem): string {
  if (p.kind === 'file-missing') return L.fileMissing;
  if (p.kind === 'file-unreadable') return L.fileUnreadable(p.detail);
  const f = p.failure;
  return f.kind === 'http' ? L.tilesHttp(f.status) : f.kind === 'timeout' ? L.tilesTimeout(f.seconds) : L.tilesFailed(f.detail);
}

function kindOf(l: Layer): string {
  return l.source.kind === 'tiles' ? l.source.service : l.source.kind;
}

export function LayersDialog({ library, offline, area, readReference, checkGeoTiff, checkPmtiles, meridians, onReload, onZoom, onClose }: {
  library: LayerLibrary;
  /** Keeps an online layer's tiles for offline use. */
  offline: TileKeeper;
  /** The selected unit and its neighbours: the area whose tiles are kept; null with nothing selected. */
  area: readonly [number, number, number, number] | null;
  /** VN-2000 meridians to offer for a file that does not say its own, most likely first. */
  meridians: readonly { readonly lon0: number; readonly label: string }[];
  readReference: ReadReference;
  checkGeoTiff: CheckGeoTiff;
  checkPmtiles: CheckPmtiles;
  onReload: () => void;
  /** Shows a layer's footprint on the map (the dialog closes). */
  onZoom: (box: readonly [number, number, number, number]) => void;
  onClose: () => void;
}) {
  const t = useT();
  const lang = useLang();
  const L = t.layers;
  const layers = useStore(library.layers);
  const faults = useStore(library.faults);
  const errors = useStore(library.errors);
  const usage = useStore(library.usage);
  const reloadNeeded = useStore(library.reloadNeeded);
  const ref = useRef<HTMLDialogElement>(null);
  const [service, setService] = useState<'tiles' | 'wms'>('tiles');
  const [url, setUrl] = useState('');
  const [wmsLayers, setWmsLayers] = useState('');
  const [name, setName] = useState('');
  const [attribution, setAttribution] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  /** A reference file whose VN-2000 meridian the user must choose before it is read again. */
  const [askCrs, setAskCrs] = useState<File | null>(null);
  const [lon0, setLon0] = useState(meridians[0]?.lon0 ?? 105);
  /** The tile layer whose "keep for offline" form is open, and its zooms. */
  const [keeping, setKeeping] = useState<string | null>(null);
  const [zooms, setZooms] = useState<[number, number]>([12, 17]);
  const progress = useStore(offline.progress);
  const kept = useStore(offline.kept);
  useEffect(() => ref.current?.showModal(), []);
  // The list and what is kept may have changed in another tab (or been evicted by the browser). A list
  // that cannot be read is shown among the faults by the library itself.
  useEffect(() => {
    void library.refresh().catch((e: unknown) => console.error('the saved layers could not be read', e));
    void offline.refresh().catch((e: unknown) => console.error('kept tiles could not be listed', e));
  }, [library, offline]);

  const run = async (fn: () => Promise<string | null>) => {
    setBusy(true);
    setMessage(null);
    try {
      const done = await fn();
      if (done) setMessage({ text: done, error: false });
    } catch (e) {
      console.error(e);
      setMessage({ text: e instanceof LayerFileNotKeptError ? notKeptText(L, e) : errorText(t, e), error: true });
    } finally {
      setBusy(false);
    }
  };

  const addService = () =>
    run(async () => {
      const r = service === 'wms' ? wmsTemplate(url, { layers: wmsLayers }) : tileTemplate(url);
      if (!r.ok) {
        const phrase = L.tileUrl[r.code] ?? r.message;
        // The part at fault in its place (%s) or after the phrase.
        setMessage({ text: phrase.includes('%s') ? phrase.replace('%s', r.detail ?? '') : `${phrase}${r.detail ? ` (${r.detail})` : ''}`, error: true });
        return null;
      }
      const layer = await library.addTiles(name, r.source, attribution);
      setUrl('');
      setName('');
      setWmsLayers('');
      setAttribution('');
      return L.added(layer.name);
    });

  const addFile = (file: File, chosenLon0?: number) =>
    run(async () => {
      setAskCrs(null);
      setMessage({ text: L.reading(file.name), error: false });
      if (/\.tiff?$/i.test(file.name)) {
        const g = await checkGeoTiff(file);
        if (!g.ok) {
          setMessage({ text: faultText(L, g.fault), error: true });
          return null;
        }
        const layer = await library.addLocalFile({ name: file.name.replace(/\.[^.]+$/, ''), file, source: { kind: 'geotiff', fileName: file.name, bounds: g.bounds, crs: g.crs } });
        return [L.added(layer.name), ...g.warnings.map((w) => describeIoError(t, w))].join('\n');
      }
      if (/\.pmtiles$/i.test(file.name)) {
        const p = await checkPmtiles(file);
        if (!p.ok) {
          setMessage({ text: faultText(L, p.fault), error: true });
          return null;
        }
        const layer = await library.addLocalFile({
          name: file.name.replace(/\.[^.]+$/, ''),
          file,
          source: { kind: 'pmtiles', fileName: file.name, bounds: p.bounds, tileType: p.tileType, zooms: p.zooms, vectorLayers: p.vectorLayers },
        });
        return L.added(layer.name);
      }
      const r = await readReference(file, chosenLon0);
      if (!r.ok && r.errors.some((e) => e.code === 'crs-unconfirmed')) setAskCrs(file);
      if (!r.ok) {
        setMessage({ text: r.errors.map((e) => describeIoError(t, e)).join('\n'), error: true });
        return null;
      }
      const layer = await library.addReference({ ...r.value, name: file.name.replace(/\.[^.]+$/, '') });
      return L.added(layer.name);
    });

  // Top of the list first, as a layers panel shows them (the map draws the list bottom first).
  const shown = [...layers].reverse();
  return (
    <dialog ref={ref} className="layers-dialog" aria-labelledby="layers-title" onClose={onClose}>
      <h2 id="layers-title">{L.title}</h2>
      <p className="hint">{L.usage(size(usage))}</p>
      {faults.length ? (
        <div role="alert" className="form-error">
          {L.restoreFaults}
          <ul>
            {faults.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {reloadNeeded ? (
        <p role="status" className="notice">
          {L.reloadNeeded}{' '}
          <button type="button" onClick={onReload}>
            {L.reload}
          </button>
        </p>
      ) : null}
      {shown.length === 0 ? <p>{L.none}</p> : null}
      <ol className="layer-list" aria-label={L.title}>
        {shown.map((l, i) => (
          <li key={l.id} data-layer={l.id}>
            <div className="layer-head">
              <label>
                <input type="checkbox" checked={l.visible} disabled={busy} onChange={(e) => void run(async () => (await library.update(l.id, { visible: e.target.checked }), null))} />
                <strong>{l.name}</strong>
              </label>
              <span className="hint">
                {L.kinds[kindOf(l)] ?? kindOf(l)}
                {l.source.kind === 'reference' ? ` · ${L.features(formatNumber(lang, l.source.features, 0))} · ${size(l.source.bytes)}` : ''}
                {l.source.kind === 'geotiff' ? ` · ${l.source.crs ?? ''} · ${size(l.source.bytes)}` : ''}
                {l.source.kind === 'pmtiles' ? ` · ${l.source.tileType ?? ''} · z${l.source.zooms?.join('–') ?? ''} · ${size(l.source.bytes)}` : ''}
              </span>
            </div>
            <div className="layer-controls">
              <label>
                {L.opacity}{' '}
                <input
                  type="range" min={0} max={100} step={5} value={Math.round(l.opacity * 100)} disabled={busy}
                  onChange={(e) => void run(async () => (await library.update(l.id, { opacity: Number(e.target.value) / 100 }), null))}
                />
              </label>
              <button type="button" disabled={busy || i === 0} onClick={() => void run(async () => (await library.move(l.id, 'up'), null))} aria-label={`${L.up}: ${l.name}`}>
                ↑
              </button>
              <button type="button" disabled={busy || i === shown.length - 1} onClick={() => void run(async () => (await library.move(l.id, 'down'), null))} aria-label={`${L.down}: ${l.name}`}>
                ↓
              </button>
              {l.source.kind === 'reference' ? (
                <>
                  <label>
                    <input type="checkbox" checked={l.snappable} disabled={busy} onChange={(e) => void run(async () => (await library.update(l.id, { snappable: e.target.checked }), null))} />
                    {L.snappable}
                  </label>
                  <label>
                    {L.labelField}{' '}
                    <select value={l.source.labelField ?? ''} disabled={busy} onChange={(e) => void run(async () => (await library.update(l.id, { labelField: e.target.value || null }), null))}>
                      <option value="">{L.noLabel}</option>
                      {l.source.fields.map((f) => (
                        <option key={f} value={f}>
                          {f}
                        </option>
                      ))}
                    </select>
                  </label>
                </>
              ) : null}
              {'bounds' in l.source && l.source.bounds ? (
                <button
                  type="button"
                  onClick={() => {
                    onZoom(l.source.kind !== 'tiles' && l.source.bounds ? l.source.bounds : [0, 0, 0, 0]);
                    ref.current?.close();
                  }}
                >
                  {L.zoomTo}
                </button>
              ) : null}
              <button
                type="button" className="danger" disabled={busy}
                onClick={() => {
                  if (window.confirm(L.confirmRemove(l.name))) void run(async () => (await library.remove(l.id), await offline.forget(l.id), null));
                }}
              >
                {L.remove}
              </button>
            </div>
            {l.source.kind === 'tiles' ? (
              <div className="layer-offline">
                {keeping !== l.id ? (
                  <button type="button" disabled={busy} onClick={() => setKeeping(l.id)}>
                    {L.keepOffline}
                  </button>
                ) : !area ? (
                  <p className="hint">{L.keepNeedsUnit}</p>
                ) : (
                  <div role="group" aria-label={L.keepOffline}>
                    <label>
                      {L.zoomFrom} <input type="number" min={0} max={22} value={zooms[0]} onChange={(e) => setZooms([Number(e.target.value), zooms[1]])} />
                    </label>{' '}
                    <label>
                      {L.zoomTo_} <input type="number" min={0} max={22} value={zooms[1]} onChange={(e) => setZooms([zooms[0], Number(e.target.value)])} />
                    </label>
                    {(() => {
                      const n = zooms[0] <= zooms[1] ? countTiles(area, zooms[0], zooms[1]) : 0;
                      const source = l.source;
                      return (
                        <>
                          <p className="hint">{n > MAX_OFFLINE_TILES ? L.keepTooMany(formatNumber(lang, n, 0), formatNumber(lang, MAX_OFFLINE_TILES, 0)) : L.keepPlan(formatNumber(lang, n, 0), size(n * ESTIMATED_TILE_BYTES))}</p>
                          <p className="hint">{L.keepTerms}</p>
                          <button
                            type="button"
                            disabled={busy || n === 0 || n > MAX_OFFLINE_TILES || progress?.status === 'running'}
                            onClick={() => void run(async () => (await offline.keep(l.id, tilesCovering(source, area, zooms[0], zooms[1])), null))}
                          >
                            {L.keepStart}
                          </button>
                        </>
                      );
                    })()}
                  </div>
                )}
                {kept.get(l.id) && progress?.status !== 'running' ? (
                  <p className="hint">
                    {L.keptTiles(formatNumber(lang, kept.get(l.id)!.tiles, 0), size(kept.get(l.id)!.bytes))}{' '}
                    <button type="button" disabled={busy} onClick={() => void run(async () => (await offline.forget(l.id), null))}>
                      {L.forgetTiles}
                    </button>
                  </p>
                ) : null}
                {progress && progress.layerId === l.id ? (
                  <div role="status">
                    <progress max={progress.total} value={progress.done} aria-label={L.keepOffline} />{' '}
                    {L.keepProgress(progress.done, progress.total, size(progress.bytes), progress.failed, progress.status)}
                    {progress.status === 'running' ? (
                      <button type="button" onClick={() => offline.cancel()}>
                        {L.keepCancel}
                      </button>
                    ) : null}
                    {progress.message ? <span className="form-error"> {progress.message}</span> : null}
                  </div>
                ) : null}
              </div>
            ) : null}
            {errors.get(l.id) ? (
              <p className="form-error" role="alert">
                {problemText(L, errors.get(l.id)!)}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
      <form
        className="layer-add"
        onSubmit={(e) => {
          e.preventDefault();
          void addService();
        }}
      >
        <h3>{L.addService}</h3>
        <label>
          {L.service}{' '}
          <select value={service} onChange={(e) => setService(e.target.value as 'tiles' | 'wms')}>
            <option value="tiles">XYZ / WMTS</option>
            <option value="wms">WMS</option>
          </select>
        </label>
        <label>
          {L.url} <input type="url" required value={url} onChange={(e) => setUrl(e.target.value)} placeholder={service === 'wms' ? 'https://…/wms' : 'https://…/{z}/{x}/{y}.png'} />
        </label>
        <p className="hint">{service === 'wms' ? L.urlHintWms : L.urlHintTiles}</p>
        {service === 'wms' ? (
          <label>
            {L.wmsLayers} <input required value={wmsLayers} onChange={(e) => setWmsLayers(e.target.value)} />
          </label>
        ) : null}
        <label>
          {L.name} <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          {L.attribution} <input value={attribution} onChange={(e) => setAttribution(e.target.value)} />
        </label>
        <p className="hint">{L.terms}</p>
        <button type="submit" disabled={busy}>
          {L.add}
        </button>
      </form>
      <div className="layer-add">
        <h3>{L.addFile}</h3>
        <p className="hint">{L.fileHint}</p>
        <label className="file-button">
          {L.addFile}
          <input
            type="file" className="visually-hidden" accept=".geojson,.json,.topojson,.kml,.kmz,.zip,.csv,.txt,.tif,.tiff,.pmtiles" disabled={busy}
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void addFile(f);
            }}
          />
        </label>
      </div>
      {askCrs ? (
        <div className="layer-add" role="group" aria-label={t.confirmCrs}>
          <label>
            {t.meridian}{' '}
            <select value={lon0} onChange={(e) => setLon0(Number(e.target.value))}>
              {meridians.map((m) => (
                <option key={m.lon0} value={m.lon0}>
                  {m.label}
                </option>
              ))}
            </select>
          </label>
          <button type="button" disabled={busy} onClick={() => void addFile(askCrs, lon0)}>
            {t.useVn2000}
          </button>
        </div>
      ) : null}
      {message ? (
        <p role={message.error ? 'alert' : 'status'} className={`${message.error ? 'form-error' : 'notice'} pre-line`}>
          {message.text}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="button" onClick={() => ref.current?.close()}>
          {t.close}
        </button>
      </div>
    </dialog>
  );
}
