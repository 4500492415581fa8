// The editor engine: the coverage and its undo history, the selection, the checks and their review
// state, the current mode, and the map behind its port. Framework-free; the UI subscribes to its stores.
import type { FeatureCollection, Geometry, LineString } from 'geojson';
import type { Coverage, Position, UnitAttrs } from '../core/model/types';
import { contextNearCoverage, NO_CONTEXT, type ContextUnits } from '../core/model/context-units';
import { neighboursOf } from '../core/model/arc-usage';
import { geometryBBox, unionBBox } from '../core/geom/bbox';
import { unitGeometry } from '../core/geom/unit-measure';
import type { Action, Refusal } from '../core/actions/refusal';
import {
  canRedo, canUndo, createHistory, current, perform, redo, undo, type History,
} from '../core/history/history';
import { applyDiff, diffCoverage, type CoverageDiff } from '../core/history/diff';
import type { ValidationIssue } from '../core/validation/issue';
import type { Province } from '../core/model/province';
import type { Layer } from '../core/layers/layer';
import { DEFAULT_TOLERANCE_M } from '../core/validation/options';
import { buildCoverageView, coveragePatch } from './coverage-view';
import type { MapPort, MapPointerEvent, OverlayName } from './ports';
import type { ValidatorPort } from './validator-port';
import { exportGate, type ExportGate } from './export';
import { Store } from './store';
import { changedUnits, foreignLandTaken, landLeftToNoUnitM2, unitsInMoreParts, type MorePartsEffect } from '../core/actions/edit-effects';
import { fixAction, type Fix } from './fixes';
import { NEEDS_SELECTION, SNAP_TOGGLE_KEY, TOOL_KEYS } from './shortcuts';
import { actionMoveVertex, type VertexRef } from '../core/actions/move-vertex';
import { createMode, type Mode, type ModeName, type ModeContext, type Pending } from './modes';
import { buildReferenceSnapIndex, type ReferenceLayerInput, type ReferenceSnapIndex } from '../core/geom/reference-snap';
import type { Review, ReviewStatus } from './draft-store-port';

export type LoadState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready' }
  | { readonly status: 'error'; readonly file: string; readonly message: string };

export type CheckState =
  | { readonly status: 'idle' }
  | { readonly status: 'checking'; readonly full: boolean }
  | { readonly status: 'ready'; readonly ms: number }
  | { readonly status: 'error'; readonly message: string };

export type { Review, ReviewStatus } from './draft-store-port';

/**
 * The units of the neighbouring provinces, read-only context the record and the unit panel name across
 * the province's edge. 'unavailable' says why (offline before they were ever loaded, a broken file):
 * the record then calls that edge the province's outer boundary, and the UI says so.
 */
export type NeighbourProvinces =
  | { readonly status: 'none' }
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly units: ContextUnits; readonly provinces: readonly { readonly code: string; readonly name: string }[] }
  | { readonly status: 'unavailable'; readonly file: string; readonly message: string };

/** A message for the user, as a code the UI words. */
export type Notice =
  | {
      readonly kind: 'refused';
      readonly reason: Refusal;
      /**
       * Where the edit ran into another unit's border, when that is why (units by id); for
       * 'several-neighbours', the units across the stretch, where the neighbour changes, and whether
       * the coverage's outer edge is one of them.
       */
      readonly where?: { readonly units: readonly string[]; readonly at: Position; readonly outside?: boolean };
    }
  | { readonly kind: 'done'; readonly what: string };

export interface Settings {
  readonly toleranceM: number;
  readonly snapPx: number;
  readonly snapping: boolean;
  readonly author: string;
  /** Warning kinds the reviewer has hidden from the list and the map (errors are never hidden). */
  readonly hiddenKinds: readonly string[];
}

/** Whether an issue is shown under the current settings: errors always, warnings unless their kind is hidden. */
export function issueShown(i: { readonly severity: string; readonly kind: string }, s: Settings): boolean {
  return i.severity === 'error' || !s.hiddenKinds.includes(i.kind);
}

export interface FixPreview {
  readonly issueId: string;
  readonly fix: Fix;
  readonly before: Coverage;
  readonly after: Coverage;
}

/**
 * An edit computed and shown on the map, waiting for the user to confirm it: a merge always, and any
 * edit that would leave a unit in more parts than before (a detached piece, an exclave).
 */
export interface Confirmation {
  readonly annotation: string;
  readonly before: Coverage;
  readonly after: Coverage;
  /** The units drawn in the preview. */
  readonly units: readonly string[];
  /** Units that end in more separate parts than they had. */
  readonly moreParts: readonly MorePartsEffect[];
  /** Land (m²) that some unit held before and none holds after (a gap, or out of the province). 0 when none. */
  readonly landLeftM2: number;
}

/** How a history change came about: persistence stores each kind differently. */
export type HistoryChange = 'load' | 'perform' | 'undo' | 'redo';

const EMPTY: FeatureCollection<Geometry, Record<string, unknown>> = { type: 'FeatureCollection', features: [] };

/**
 * Longest the first full check waits for the map's first paint. The map's "ready" (maplibre's `idle`)
 * never comes in a background tab (no animation frames) or after a lost WebGL context: without a bound
 * the check would never start.
 */
export const FIRST_PAINT_WAIT_MS = 10_000;

/** The timers the editor waits with; tests give their own, so nothing in them waits for real time. */
export interface EditorTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const GLOBAL_TIMERS: EditorTimers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>),
};

/** Degrees around the draft's edge within which the map draws a neighbouring province's unit. */
const DRAWN_CONTEXT_PAD_DEG = 0.01;

export class Editor {
  readonly history = new Store<History | null>(null);
  readonly coverage = new Store<Coverage | null>(null);
  /**
   * The province of the open draft (set by the workspace): its grid, resolution and meridians for the
   * export, the record and the import. null until a draft is open.
   */
  readonly province = new Store<Province | null>(null);
  readonly selection = new Store<string | null>(null);
  readonly loadState = new Store<LoadState>({ status: 'loading' });
  readonly oldUnitsVisible = new Store<boolean>(false);
  readonly neighbourProvinces = new Store<NeighbourProvinces>({ status: 'none' });
  readonly issues = new Store<readonly ValidationIssue[]>([]);
  readonly checkState = new Store<CheckState>({ status: 'idle' });
  readonly selectedIssue = new Store<string | null>(null);
  readonly reviews = new Store<ReadonlyMap<string, Review>>(new Map());
  readonly notice = new Store<Notice | null>(null);
  readonly preview = new Store<FixPreview | null>(null);
  readonly confirmation = new Store<Confirmation | null>(null);
  /** In "edit vertices": the vertex the user clicked, if any. */
  readonly activeVertex = new Store<VertexRef | null>(null);
  readonly settings = new Store<Settings>({ toleranceM: DEFAULT_TOLERANCE_M, snapPx: 10, snapping: true, author: '', hiddenKinds: [] });
  readonly modeName = new Store<ModeName>('browse');
  /** A finished sketch waiting for the user's input (attributes of a new unit, the unit to transfer to). */
  readonly pending = new Store<Pending | null>(null);
  /** True while this tab may not write the draft (open in another tab): edits are refused. */
  readonly readOnly = new Store<boolean>(false);
  /** Bumped on every history change; persistence listens to it. */
  readonly lastChange = new Store<{ readonly kind: HistoryChange; readonly seq: number } | null>(null);

  private oldUnits: FeatureCollection<Geometry, Record<string, unknown>> | null = null;
  /**
   * The neighbouring provinces' units the map draws: those near the draft's edge when the context or
   * the draft was loaded (for Lâm Đồng 34 of 137 units). Drawing only: the checks, the record and the
   * unit panel take every unit of contextUnits(), so what they report does not depend on this choice.
   */
  private drawnContext: ContextUnits = NO_CONTEXT;
  private map: MapPort | null = null;
  private unsubscribeMap: (() => void) | null = null;
  private mode: Mode;
  private seq = 0;
  // Validation: the coverage the validator last saw, and whether a check is running or wanted.
  private checked: Coverage | null = null;
  private checking = false;
  private recheck = false;
  /** Bumped by recheckAll: a check started before it must not count as the current state. */
  private generation = 0;
  /**
   * Whether the attached map has drawn its first coverage. A full check waits for it: sending the whole
   * coverage to the worker and checking it there take the cores the first paint needs (for the largest
   * province, seconds), and the map is what the user waits for.
   */
  private mapDrawn = false;
  private layers: { list: readonly Layer[]; features: ReadonlyMap<string, FeatureCollection<Geometry, Record<string, unknown>>> } = { list: [], features: new Map() };
  /** The map a full check is waiting on (a map replaced meanwhile never resolves its wait: ignored). */
  private waitingFor: MapPort | null = null;
  /** The timer that ends that wait at FIRST_PAINT_WAIT_MS if the map has not drawn by then. */
  private waitTimer: unknown = null;
  /** Full checks wait until this settles (the province's context loading at start-up). */
  private hold: Promise<unknown> | null = null;

  constructor(
    private readonly validator: ValidatorPort | null = null,
    private readonly timers: EditorTimers = GLOBAL_TIMERS,
  ) {
    this.mode = createMode('browse', this.context());
  }

  // ---------------------------------------------------------------- loading and history

  /** Replaces the coverage (a data load: never an undo step) and clears the selection. */
  load(c: Coverage, history?: History): void {
    this.cancelMode();
    this.selection.set(null);
    this.selectedIssue.set(null);
    this.cancelPreview();
    this.notice.set(null);
    // Results of a check still running on the previous coverage must not land on this one.
    this.generation++;
    this.checked = null;
    this.issues.set([]);
    this.setHistory(history ?? createHistory(c), 'load');
    // Another draft of the same province keeps the context, but its edge may lie elsewhere.
    if (this.contextUnits().size > 0) this.drawContext();
    this.loadState.set({ status: 'ready' });
    this.fitCoverage();
  }

  fail(file: string, message: string): void {
    this.loadState.set({ status: 'error', file, message });
  }

  /** Runs an edit as one undo step; refused edits change nothing and say why. */
  perform(action: Action<Coverage>, annotation: string): boolean {
    const h = this.history.get();
    if (!h) return false;
    if (this.readOnly.get()) {
      this.notice.set({ kind: 'refused', reason: 'read-only' });
      return false;
    }
    const reason = action.disabled(current(h));
    if (reason) {
      this.notice.set({ kind: 'refused', reason });
      return false;
    }
    this.notice.set(null);
    this.setHistory(perform(h, action, annotation), 'perform');
    return true;
  }

  /**
   * Runs an edit, but first asks when it would leave a unit in more parts than before, or hand land
   * to no unit (a gap, or out of the province), or when `always`:
   * the result is previewed and waits for confirmEdit() or cancelEdit(). Returns true when performed now.
   */
  performOrAsk(action: Action<Coverage>, annotation: string, options: { always?: boolean; show?: readonly string[] } = {}): boolean {
    const c = this.coverage.get();
    if (!c) return false;
    if (this.readOnly.get() || action.disabled(c)) return this.perform(action, annotation); // says why
    const after = action(c);
    // Land of another province is never taken: its border is agreed with that province, not drawn here.
    const foreign = foreignLandTaken(c, after, this.contextUnits(), this.settings.get().toleranceM);
    if (foreign) {
      this.notice.set({ kind: 'refused', reason: 'takes-other-province', where: { units: [foreign.unit], at: foreign.at } });
      return false;
    }
    const moreParts = unitsInMoreParts(c, after);
    const landLeftM2 = landLeftToNoUnitM2(c, after);
    if (!options.always && moreParts.length === 0 && landLeftM2 === 0) return this.perform(action, annotation);
    // Shown: the units asked for, else every unit the edit changes; and those left in pieces.
    const show = options.show ?? changedUnits(c, after);
    const units = [...new Set([...show, ...moreParts.map((m) => m.id)])].filter((id) => after.units.has(id));
    this.confirmation.set({ annotation, before: c, after, units, moreParts, landLeftM2 });
    this.map?.setOverlay('preview', {
      type: 'FeatureCollection',
      features: units.map((id) => ({ type: 'Feature' as const, properties: { role: 'unit', id }, geometry: unitGeometry(after, id) })),
    });
    return false;
  }

  confirmEdit(): boolean {
    const p = this.confirmation.get();
    this.cancelEdit();
    if (!p) return false;
    if (this.coverage.get() !== p.before) {
      this.notice.set({ kind: 'refused', reason: 'nothing-to-do' });
      return false;
    }
    const after = p.after;
    return this.perform(Object.assign((_: Coverage) => after, { disabled: () => false as const }), p.annotation);
  }

  cancelEdit(): void {
    if (!this.confirmation.get()) return;
    this.confirmation.set(null);
    this.map?.setOverlay('preview', EMPTY);
  }

  undo(): void {
    const h = this.history.get();
    if (!h || !canUndo(h)) return;
    if (this.readOnly.get()) return this.notice.set({ kind: 'refused', reason: 'read-only' });
    this.restartMode();
    this.setHistory(undo(h), 'undo');
  }

  redo(): void {
    const h = this.history.get();
    if (!h || !canRedo(h)) return;
    if (this.readOnly.get()) return this.notice.set({ kind: 'refused', reason: 'read-only' });
    this.restartMode();
    this.setHistory(redo(h), 'redo');
  }

  /**
   * Undo and redo keep the tool: what the mode was drawing is dropped (it was drawn on the coverage
   * before), the mode itself stays, so the next drag in "edit vertices" edits instead of panning.
   */
  private restartMode(): void {
    this.setMode(this.modeName.get());
  }

  private setHistory(h: History, kind: HistoryChange): void {
    const prev = this.coverage.get();
    const next = current(h);
    this.history.set(h);
    this.coverage.set(next);
    // A previewed fix was computed on the coverage before: it no longer applies.
    if (prev !== next && this.preview.get()) this.cancelPreview();
    if (prev !== next && this.confirmation.get()) this.cancelEdit();
    if (this.map) {
      if (!prev || kind === 'load') this.map.setCoverage(buildCoverageView(next));
      else if (prev !== next) this.map.patchCoverage(coveragePatch(prev, next));
    }
    const sel = this.selection.get();
    if (sel && !next.units.has(sel)) this.select(null);
    else if (sel && this.map) this.map.setSelection(sel, neighboursOf(next, sel).map((n) => n.id));
    this.mode.refresh?.();
    this.lastChange.set({ kind, seq: ++this.seq });
    this.scheduleCheck();
  }

  // ---------------------------------------------------------------- validation

  private scheduleCheck(): void {
    if (!this.validator) return;
    if (this.checking) {
      this.recheck = true;
      return;
    }
    const c = this.coverage.get();
    if (!c || c === this.checked) return;
    const full = this.checked === null;
    // A deferred check is still due: the panel says so rather than showing the last answer (or none)
    // as if it were this coverage's.
    if (full && this.hold) return this.checkState.set({ status: 'checking', full });
    if (full && this.map && !this.mapDrawn) return this.checkWhenDrawn(this.map);
    const request = full ? { kind: 'full' as const, coverage: c } : { kind: 'diff' as const, diff: diffCoverage(this.checked!, c) };
    this.checking = true;
    this.checkState.set({ status: 'checking', full });
    const t0 = performance.now();
    const generation = this.generation;
    this.validator
      .check(request, { toleranceM: this.settings.get().toleranceM })
      .then((issues) => {
        // A reload or recheck since the request makes this answer stale: drop it.
        if (generation !== this.generation) return;
        this.checked = c;
        this.issues.set(issues);
        this.checkState.set({ status: 'ready', ms: performance.now() - t0 });
        this.drawIssues();
      })
      .catch((err: unknown) => {
        // The validator's copy may be stale now: the next check starts from the whole coverage.
        this.checked = null;
        this.checkState.set({ status: 'error', message: err instanceof Error ? err.message : String(err) });
        console.error(err);
      })
      .finally(() => {
        this.checking = false;
        if (this.recheck || this.coverage.get() !== this.checked) {
          this.recheck = false;
          if (this.checkState.get().status !== 'error') this.scheduleCheck();
        }
      });
  }

  /**
   * Full checks wait until `until` settles (fulfilled or not). At start-up the composition root holds
   * them while the province's context loads: the old communes and the neighbouring provinces each
   * start the full check again, and on two cores three full checks of Lâm Đồng in a row took a minute.
   */
  holdFullChecks(until: Promise<unknown>): void {
    this.hold = until;
    const release = () => {
      if (this.hold !== until) return;
      this.hold = null;
      this.scheduleCheck();
    };
    until.then(release, release);
  }

  /** Starts the full check once `map` has drawn, or FIRST_PAINT_WAIT_MS from now, whichever comes first. */
  private checkWhenDrawn(map: MapPort): void {
    this.checkState.set({ status: 'checking', full: true });
    if (this.waitingFor === map) return;
    this.waitingFor = map;
    const drawn = () => {
      // A map detached meanwhile: attachMap or detachMap has scheduled what is due.
      if (this.waitingFor !== map || this.map !== map) return;
      this.stopWaiting();
      this.mapDrawn = true;
      this.scheduleCheck();
    };
    this.waitTimer = this.timers.setTimeout(drawn, FIRST_PAINT_WAIT_MS);
    map.whenReady().then(drawn, (err: unknown) => {
      // A map that cannot draw: the check need not wait for it.
      console.error(err);
      drawn();
    });
  }

  /** Ends a full check's wait for a map's first paint; true when one was waiting. */
  private stopWaiting(): boolean {
    if (this.waitTimer !== null) this.timers.clearTimeout(this.waitTimer);
    this.waitTimer = null;
    const waited = this.waitingFor !== null;
    this.waitingFor = null;
    return waited;
  }

  /**
   * The export gate for these units (all when absent), from the worker's issues. While they are not the
   * answer for the coverage as it is now (a check running or due), the gate says so and stays shut.
   */
  exportGate(unitIds?: readonly string[]): ExportGate {
    const state = this.checkState.get();
    return exportGate({
      issues: this.issues.get(),
      reviews: this.reviews.get(),
      unitIds,
      // Read from the stores the UI re-renders on: 'ready' is set after the answer is stored.
      current: state.status === 'ready' && this.checked !== null && this.checked === this.coverage.get(),
      checkError: state.status === 'error' ? state.message : undefined,
    });
  }

  /**
   * Checks a copy made from the draft (the export's rounded coverage) in the validator, off the main
   * thread; the draft's issues are not touched.
   */
  checkCopy(c: Coverage): Promise<readonly ValidationIssue[]> {
    if (!this.validator) return Promise.reject(new Error('no validator to check the export with'));
    return this.validator.check({ kind: 'copy', coverage: c }, { toleranceM: this.settings.get().toleranceM });
  }

  /** Re-runs every check from scratch (e.g. after the tolerance changed). */
  recheckAll(): void {
    this.generation++;
    this.checked = null;
    this.scheduleCheck();
  }

  setSettings(patch: Partial<Settings>): void {
    const before = this.settings.get();
    this.settings.set({ ...before, ...patch });
    if (patch.toleranceM !== undefined && patch.toleranceM !== before.toleranceM) this.recheckAll();
    if (patch.hiddenKinds !== undefined) this.drawIssues();
  }

  private drawIssues(): void {
    if (!this.map) return;
    const settings = this.settings.get();
    const features = this.issues.get().filter((i) => issueShown(i, settings)).map((i) => ({
      type: 'Feature' as const,
      properties: { id: i.id, kind: i.kind, severity: i.severity },
      geometry: i.geometry,
    }));
    this.map.setOverlay('issues', { type: 'FeatureCollection', features });
    const sel = this.issues.get().find((i) => i.id === this.selectedIssue.get());
    this.map.setOverlay('issue-selected', sel ? { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: sel.geometry }] } : EMPTY);
  }

  selectIssue(id: string | null, options: { zoom?: boolean } = {}): void {
    this.selectedIssue.set(id);
    this.preview.set(null);
    this.map?.setOverlay('preview', EMPTY);
    this.drawIssues();
    const issue = this.issues.get().find((i) => i.id === id);
    if (!issue || !this.map || options.zoom === false) return;
    const box = geometryBBox(issue.geometry);
    // Tiny pieces (a 1.5 m wide overlap) get some room around them.
    const pad = 0.0005;
    this.map.fitBounds([box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad]);
  }

  /** Shows what a fix would change, without changing anything. */
  previewFix(issueId: string, fix: Fix): Refusal | false {
    const c = this.coverage.get();
    const issue = this.issues.get().find((i) => i.id === issueId);
    if (!c || !issue) return 'nothing-to-do';
    const action = fixAction(issue, fix);
    if (!action) return 'nothing-to-do';
    const reason = action.disabled(c);
    if (reason) {
      this.notice.set({ kind: 'refused', reason });
      return reason;
    }
    const after = action(c);
    this.preview.set({ issueId, fix, before: c, after });
    // Show the unit that changes: for a snap that is the one whose border moves. A clean-up of repeated
    // vertices changes every unit that has some: show all of them, not only this issue's.
    const unit = fix.kind === 'snap' ? fix.other : fix.unit;
    const pieces =
      fix.kind === 'dedupe' ? this.issues.get().filter((i) => i.kind === 'duplicate-vertex').map((i) => i.geometry) : [issue.geometry];
    this.map?.setOverlay('preview', {
      type: 'FeatureCollection',
      features: [
        ...pieces.map((geometry) => ({ type: 'Feature' as const, properties: { role: 'piece' }, geometry })),
        ...(after.units.has(unit) ? [{ type: 'Feature' as const, properties: { role: 'unit' }, geometry: unitGeometry(after, unit) }] : []),
      ],
    });
    return false;
  }

  /** Shows a whole proposed coverage (an import) over the map, changing nothing. */
  /**
   * A change worked out elsewhere (the import worker) as a difference from `basis`: performed as one
   * step if the draft is still `basis`, refused otherwise (it would undo what changed meanwhile).
   */
  performDifference(basis: Coverage, diff: CoverageDiff, annotation: string): boolean {
    if (this.coverage.get() !== basis) {
      this.notice.set({ kind: 'refused', reason: 'draft-changed' });
      return false;
    }
    const after = applyDiff(basis, diff);
    return this.perform(Object.assign((_: Coverage) => after, { disabled: () => false as const }), annotation);
  }

  /** Shows a difference worked out elsewhere from `basis` (nothing when the draft has changed since). */
  previewDifference(basis: Coverage, diff: CoverageDiff): void {
    if (this.coverage.get() === basis) this.previewCoverage(applyDiff(basis, diff));
  }

  previewCoverage(next: Coverage): void {
    const c = this.coverage.get();
    if (!c) return;
    const features = [];
    for (const [id, u] of next.units) {
      if (c.units.get(id) === u) continue;
      features.push({ type: 'Feature' as const, properties: { role: 'unit', id }, geometry: unitGeometry(next, id) });
    }
    this.map?.setOverlay('preview', { type: 'FeatureCollection', features });
  }

  applyPreview(): boolean {
    const p = this.preview.get();
    if (!p || this.coverage.get() !== p.before) {
      this.cancelPreview();
      this.notice.set({ kind: 'refused', reason: 'nothing-to-do' });
      return false;
    }
    const after = p.after;
    const action = Object.assign((_: Coverage) => after, { disabled: () => false as const });
    this.cancelPreview();
    this.selectedIssue.set(null);
    return this.perform(action, `fix-${p.fix.kind}`);
  }

  cancelPreview(): void {
    this.preview.set(null);
    this.map?.setOverlay('preview', EMPTY);
  }

  /** Highlights borders (e.g. those that differ from a saved version). */
  showChangedBorders(lines: readonly LineString[]): void {
    this.map?.setOverlay('compare', {
      type: 'FeatureCollection',
      features: lines.map((g) => ({ type: 'Feature' as const, properties: {}, geometry: g })),
    });
  }

  /** Records a review decision (an exception needs a reason). */
  review(issueId: string, status: ReviewStatus, reason = ''): boolean {
    if (status === 'exception' && reason.trim() === '') return false;
    const next = new Map(this.reviews.get());
    if (status === 'open') next.delete(issueId);
    else next.set(issueId, { status, reason: reason.trim(), author: this.settings.get().author, time: Date.now() });
    this.reviews.set(next);
    return true;
  }

  loadReviews(reviews: ReadonlyMap<string, Review>): void {
    this.reviews.set(new Map(reviews));
  }

  // ---------------------------------------------------------------- selection and map

  select(unitId: string | null, options: { zoom?: boolean } = {}): void {
    const c = this.coverage.get();
    const id = unitId !== null && c?.units.has(unitId) ? unitId : null;
    if (id !== this.selection.get() && this.modeName.get() !== 'browse') this.setMode('browse');
    this.selection.set(id);
    if (!this.map || !c) return;
    const neighbours = id ? neighboursOf(c, id).map((n) => n.id) : [];
    this.map.setSelection(id, neighbours);
    if (id && options.zoom !== false) this.map.fitBounds(geometryBBox(unitGeometry(c, id)));
  }

  /** Frames the whole coverage. */
  fitCoverage(): void {
    const c = this.coverage.get();
    if (!c || !this.map || c.units.size === 0) return;
    let box = geometryBBox(unitGeometry(c, c.units.keys().next().value!));
    for (const id of c.units.keys()) box = unionBBox(box, geometryBBox(unitGeometry(c, id)));
    this.map.fitBounds(box);
  }

  /** The old units layer as loaded (the merger check compares against it), or null before it loads. */
  oldUnitsLayer(): FeatureCollection<Geometry, Record<string, unknown>> | null {
    return this.oldUnits;
  }

  /** The units of the neighbouring provinces when loaded, else none. */
  contextUnits(): ContextUnits {
    const n = this.neighbourProvinces.get();
    return n.status === 'ready' ? n.units : NO_CONTEXT;
  }

  setNeighbourProvinces(state: NeighbourProvinces): void {
    const before = this.contextUnits();
    this.neighbourProvinces.set(state);
    const units = this.contextUnits();
    if (units === before) return;
    this.drawContext();
    // Borders with the neighbouring provinces are checked from now on.
    this.validator?.setContext(units);
    this.recheckAll();
  }

  /** Draws the context units near the current draft's edge (all of them while no draft is open). */
  private drawContext(): void {
    const c = this.coverage.get();
    const units = this.contextUnits();
    this.drawnContext = c ? contextNearCoverage(c, units, DRAWN_CONTEXT_PAD_DEG) : units;
    this.map?.setContextUnits(this.drawnContext);
  }

  /** The old (pre-2025) units, a reference layer: drawn, never edited. */
  /** The user's basemaps and reference layers (the layer library decides them; the map draws them). */
  setLayers(list: readonly Layer[], features: ReadonlyMap<string, FeatureCollection<Geometry, Record<string, unknown>>>): void {
    this.layers = { list, features };
    this.map?.setLayers(list, features);
    // Snap targets: the shown reference layers the user snaps to. The index (0.2–0.4 s for 50,000
    // parcels) is built again only when that set changes, not for an opacity or an order.
    const snap = list.flatMap((l) => {
      const f = l.source.kind === 'reference' && l.visible && l.snappable ? features.get(l.id) : undefined;
      return f ? [{ id: l.id, features: f }] : [];
    });
    const same = snap.length === this.snapLayers.length && snap.every((x, i) => x.id === this.snapLayers[i]!.id && x.features === this.snapLayers[i]!.features);
    if (!same) this.setReferenceSnap(snap);
    this.snapLayers = snap;
  }

  /** The box of the selected unit and its neighbours (the area a ward keeps basemap tiles for), or null. */
  selectionArea(): readonly [number, number, number, number] | null {
    const c = this.coverage.get();
    const id = this.selection.get();
    if (!c || !id || !c.units.has(id)) return null;
    return [id, ...neighboursOf(c, id).map((n) => n.id)].reduce((box, u) => unionBBox(box, geometryBBox(unitGeometry(c, u))), geometryBBox(unitGeometry(c, id)));
  }

  /** Shows a box (a layer's footprint) on the map. */
  zoomTo(box: readonly [number, number, number, number]): void {
    this.map?.fitBounds(box);
  }

  private snapLayers: readonly { id: string; features: FeatureCollection<Geometry, Record<string, unknown>> }[] = [];

  setOldUnits(fc: FeatureCollection<Geometry, Record<string, unknown>>, year: number | null = null): void {
    this.oldUnits = fc;
    this.map?.setOldUnits(fc);
    // The merger-consistency rule checks every unit against them from now on; each finding names the year.
    this.validator?.setReference(fc, year);
    this.recheckAll();
  }

  setOldUnitsVisible(visible: boolean): void {
    this.oldUnitsVisible.set(visible);
    this.map?.setOldUnitsVisible(visible);
  }

  /** Attaches a map; the editor pushes its current state to it and listens to its pointer events. */
  attachMap(map: MapPort): void {
    const waited = this.unhookMap();
    this.map = map;
    this.mapDrawn = false;
    const c = this.coverage.get();
    if (c) {
      map.setCoverage(buildCoverageView(c));
      this.fitCoverage();
    }
    if (this.oldUnits) map.setOldUnits(this.oldUnits);
    map.setOldUnitsVisible(this.oldUnitsVisible.get());
    map.setLayers(this.layers.list, this.layers.features);
    map.setContextUnits(this.drawnContext);
    this.unsubscribeMap = map.onPointer((e) => this.onPointer(e));
    const sel = this.selection.get();
    if (sel) this.select(sel, { zoom: false });
    this.drawIssues();
    this.mode.refresh?.();
    // A full check that waited for the old map's first paint waits for this one's.
    if (waited) this.scheduleCheck();
  }

  detachMap(): void {
    // A full check that waited for this map's first paint runs now, without a map to wait for.
    if (this.unhookMap()) this.scheduleCheck();
  }

  /** Drops the map; true when a full check was waiting for it to draw. */
  private unhookMap(): boolean {
    this.unsubscribeMap?.();
    this.unsubscribeMap = null;
    this.map = null;
    return this.stopWaiting();
  }

  // ---------------------------------------------------------------- modes

  setMode(name: ModeName): void {
    // A read-only tab cannot edit: say so at once instead of a tool that silently does nothing.
    if (name !== 'browse' && this.readOnly.get()) {
      this.notice.set({ kind: 'refused', reason: 'read-only' });
      name = 'browse';
    } else if (this.notice.get()?.kind === 'refused') this.notice.set(null); // an old refusal is about the old tool
    this.mode.exit();
    this.pending.set(null);
    this.mode = createMode(name, this.context());
    this.modeName.set(name);
    this.mode.enter();
  }

  cancelMode(): void {
    if (this.modeName.get() !== 'browse' || this.pending.get()) this.setMode('browse');
  }

  /** Keyboard input from the UI; returns true when the editor used the key. */
  key(k: { key: string; ctrl: boolean; shift: boolean; alt: boolean }): boolean {
    const mod = k.ctrl;
    // While sketching, Ctrl+Z takes back the last point (the mode decides); with nothing drawn, the last
    // edit, the tool kept (as the Undo button does).
    if (this.modeName.get() !== 'browse' && this.modeName.get() !== 'vertices' && mod && (k.key === 'z' || k.key === 'Z') && !k.shift) {
      if (!this.mode.key({ ...k, key: 'Backspace', ctrl: false })) this.undo();
      return true;
    }
    if (mod && (k.key === 'z' || k.key === 'Z') && !k.shift) return this.undo(), true;
    if (mod && ((k.key === 'z' || k.key === 'Z') && k.shift)) return this.redo(), true;
    if (mod && (k.key === 'y' || k.key === 'Y')) return this.redo(), true;
    if (this.mode.key(k)) return true;
    if (!mod && !k.alt && k.key.toLowerCase() === SNAP_TOGGLE_KEY) return this.setSettings({ snapping: !this.settings.get().snapping }), true;
    const tool = !mod && !k.alt ? TOOL_KEYS[k.key.toLowerCase()] : undefined;
    if (tool && !this.pending.get()) {
      if (NEEDS_SELECTION.has(tool) && !this.selection.get()) this.notice.set({ kind: 'refused', reason: 'no-selection' });
      else this.setMode(tool);
      return true;
    }
    if (k.key === 'Escape') {
      if (this.preview.get()) return this.cancelPreview(), true;
      if (this.modeName.get() !== 'browse' || this.pending.get()) return this.setMode('browse'), true;
    }
    return false;
  }

  private onPointer(e: MapPointerEvent): void {
    if (this.mode.pointer(e)) return;
    if (e.type === 'click' && e.button === 0 && this.modeName.get() === 'browse') {
      if (e.issueId) this.selectIssue(e.issueId, { zoom: false });
      // A newly selected unit is framed; clicking again inside the selected one keeps the view.
      const id = e.unitIds[0] ?? null;
      this.select(id, { zoom: id !== null && id !== this.selection.get() });
    }
  }

  private context(): ModeContext {
    return {
      editor: this,
      coverage: () => this.coverage.get(),
      map: () => this.map,
      overlay: (name: OverlayName, fc) => this.map?.setOverlay(name, fc),
      toleranceDeg: () => (this.map ? this.map.pixelsToDegrees(this.settings.get().snapPx) : 0),
      snapping: (e) => this.settings.get().snapping && !(e?.keys.alt ?? false),
      referenceSnap: () => this.referenceSnap,
    };
  }

  /** Snap targets of the visible, snappable reference layers; null when there are none. */
  private referenceSnap: ReferenceSnapIndex | null = null;

  /**
   * The reference layers that are visible and snappable now, in the order their targets win ties. The
   * index is built here once (for 50,000 parcels, a fraction of a second), not on each pointer move;
   * call again when a layer is shown, hidden or made (un)snappable. Modes read it on every event.
   */
  setReferenceSnap(layers: readonly ReferenceLayerInput[]): void {
    const index = layers.length > 0 ? buildReferenceSnapIndex(layers) : null;
    this.referenceSnap = index && index.size > 0 ? index : null;
  }

  /** New unit: the finished ring is kept and another is drawn (a further part, or a hole). */
  addRing(role: 'part' | 'hole'): void {
    this.mode.addRing?.(role);
  }

  /** Moves the active vertex to typed coordinates ([lon, lat] WGS 84): one undo step, refused like a drag. */
  moveActiveVertex(to: Position): boolean {
    const v = this.activeVertex.get();
    if (!v) return false;
    const ok = this.perform(actionMoveVertex(v, to), 'move-vertex');
    this.mode.refresh?.();
    return ok;
  }

  /**
   * Snaps the active vertex onto the nearest other border or visible reference layer target within
   * the snapping reach: one undo step.
   */
  snapActiveVertex(): boolean {
    return this.mode.snapActive?.() ?? false;
  }

  /** The selected unit for a command on it (record, merge); says "select a unit first" when none is. */
  selectedForCommand(): string | null {
    const id = this.selection.get();
    if (!id) this.notice.set({ kind: 'refused', reason: 'no-selection' });
    return id;
  }

  /** Split: the part that becomes the new unit. */
  chooseSplitPart(part: 'a' | 'b'): void {
    this.mode.chooseSplitPart?.(part);
  }

  /** Finishes a pending split or new unit with the attributes from the form. */
  completePending(attrs: UnitAttrs | null, target: string | null = null): boolean {
    const p = this.pending.get();
    if (!p) return false;
    const ok = this.mode.complete?.(p, attrs, target) ?? false;
    if (ok) this.setMode('browse');
    return ok;
  }
}
