// Drawing a sketch: a line (reshape a border, split a unit) or a polygon (a new unit, an area to
// transfer). Clicks add points, snapped to vertices first, then edges (of the borders and of the visible
// reference layers); two consecutive points on the same border, or on the same line or ring of a
// reference layer (a parcel's side, a road), follow it (trace). Double-click or Enter finishes,
// Backspace removes the last point, Escape cancels.
import type { Feature, Geometry, MultiPolygon, Polygon } from 'geojson';
import { pointInRing } from '../../core/geom/point-in-ring';
import type { Position, UnitAttrs } from '../../core/model/types';
import type { ArcLocation } from '../../core/topology/locate';
import { actionReshapeBorder, reshapeCrossing } from '../../core/actions/reshape-border';
import { actionSplitUnit, splitParts, splitSegmentExit } from '../../core/actions/split-unit';
import { geometryAreaM2 } from '../../core/geom/geodesic';
import type { ReferenceHit, ReferenceSnapIndex } from '../../core/geom/reference-snap';
import { traceReference } from '../../core/geom/reference-trace';
import { ringSelfCrossing } from '../../core/geom/ring-crossing';
import { actionAddUnit, actionCarveUnit, actionTransferArea, unitsUnder } from '../../core/actions/geometry-edits';
import type { MapPointerEvent } from '../ports';
import { snapPoint, snapped } from '../snap';
import { traceBetween } from '../trace';
import { EMPTY_FC, type KeyInput, type Mode, type ModeContext, type ModeName, type Pending } from './types';

/** Points placed by snapping are on the border to floating-point precision; this finds them again. */
const ON_BORDER_DEG = 1e-7;

type Kind = Exclude<ModeName, 'browse' | 'vertices'>;

interface RefPoint {
  readonly hit: ReferenceHit;
  readonly index: ReferenceSnapIndex;
}

/** Parts become polygons; each hole goes into the part that contains its first vertex. */
export function assemble(rings: readonly { readonly role: 'part' | 'hole'; readonly points: readonly [number, number][] }[]): MultiPolygon {
  const close = (pts: readonly [number, number][]) => [...pts, pts[0]!].map((q) => [q[0], q[1]]);
  const parts = rings.filter((r) => r.role === 'part').map((r) => [close(r.points)]);
  for (const h of rings.filter((r) => r.role === 'hole')) {
    const [x, y] = h.points[0]!;
    const host = parts.find((poly) => pointInRing(x, y, poly[0]!));
    if (host) host.push(close(h.points));
  }
  return { type: 'MultiPolygon', coordinates: parts };
}

export class DrawMode implements Mode {
  private points: Position[] = [];
  private locs: (ArcLocation | null)[] = [];
  /**
   * Per point, the reference target it snapped to and the index that found it: a hit only means
   * something to its own index, and the visible layers may change between two clicks.
   */
  private refs: (RefPoint | null)[] = [];
  /** Points the last click added along a reference layer before its own (for split to take back). */
  private tracedByLastClick = 0;
  private cursor: Position | null = null;
  private cursorSnapped = false;
  /** New unit: rings already finished (its first part, further parts, holes). */
  private rings: { role: 'part' | 'hole'; points: [number, number][] }[] = [];
  private nextRole: 'part' | 'hole' = 'part';

  constructor(
    private readonly ctx: ModeContext,
    private readonly kind: Kind,
  ) {}

  private get polygon(): boolean {
    return this.kind === 'new-unit' || this.kind === 'transfer';
  }

  enter(): void {
    this.ctx.map()?.setCursor('crosshair');
    this.draw();
  }

  exit(): void {
    this.ctx.map()?.setCursor('');
    this.ctx.overlay('sketch', EMPTY_FC);
  }

  refresh(): void {
    this.draw();
  }

  private draw(): void {
    const features: Feature<Geometry, Record<string, unknown>>[] = [];
    const line = this.cursor ? [...this.points, this.cursor] : this.points;
    if (this.polygon && line.length >= 3) {
      features.push({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[...line, line[0]!].map((p) => [p[0], p[1]])] } });
    }
    if (line.length >= 2) {
      const coords = this.polygon && line.length >= 3 ? [...line, line[0]!] : line;
      features.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: coords.map((p) => [p[0], p[1]]) } });
    }
    const split = this.ctx.editor.pending.get()?.split;
    if (split) {
      for (const part of ['a', 'b'] as const) {
        const role = part === split.newPart ? 'new-part' : 'kept-part';
        features.push({ type: 'Feature', properties: { role }, geometry: { type: 'Polygon', coordinates: split.parts[part].map((r) => r.map((q) => [q[0], q[1]])) } });
      }
    }
    for (const r of this.rings) {
      features.push({ type: 'Feature', properties: { role: r.role }, geometry: { type: 'Polygon', coordinates: [[...r.points, r.points[0]!]] } });
    }
    for (const p of this.points) features.push({ type: 'Feature', properties: { role: 'vertex' }, geometry: { type: 'Point', coordinates: [p[0], p[1]] } });
    if (this.cursor && this.cursorSnapped) {
      features.push({ type: 'Feature', properties: { role: 'snap' }, geometry: { type: 'Point', coordinates: [this.cursor[0], this.cursor[1]] } });
    }
    this.ctx.overlay('sketch', { type: 'FeatureCollection', features });
  }

  private add(e: MapPointerEvent): void {
    const c = this.ctx.coverage();
    if (!c) return;
    const index = this.ctx.referenceSnap();
    const s = snapPoint(c, [e.lng, e.lat], this.ctx.toleranceDeg(), this.ctx.snapping(e), { reference: index });
    const last = this.points[this.points.length - 1];
    if (last && last[0] === s.at[0] && last[1] === s.at[1]) return; // the second click of a double-click
    if (!last && this.ctx.editor.notice.get()) this.ctx.editor.notice.set(null); // a new line: the old refusal is history
    const prev = this.locs[this.locs.length - 1];
    const prevRef = this.refs[this.refs.length - 1];
    this.tracedByLastClick = 0;
    if (prev && s.target) {
      for (const p of traceBetween(c, prev, s.target)) this.push(p, null, null);
    } else if (prevRef && s.reference && index && prevRef.index === index) {
      const traced = traceReference(index, prevRef.hit, s.reference);
      for (const p of traced) this.push(p, null, null);
      this.tracedByLastClick = traced.length;
    }
    this.push(s.at, s.target, s.reference && index ? { hit: s.reference, index } : null);
  }

  private push(p: Position, loc: ArcLocation | null, ref: RefPoint | null): void {
    this.points.push(p);
    this.locs.push(loc);
    this.refs.push(ref);
  }

  private pop(): void {
    this.points.pop();
    this.locs.pop();
    this.refs.pop();
  }

  pointer(e: MapPointerEvent): boolean {
    const c = this.ctx.coverage();
    if (!c) return false;
    if (e.type === 'click' && e.button === 0) {
      // Finished: the form decides now; a click on one of a split's parts makes it the new unit.
      const p = this.ctx.editor.pending.get();
      if (p?.split) {
        const inPart = (rings: readonly (readonly (readonly [number, number])[])[]) =>
          pointInRing(e.lng, e.lat, rings[0] ?? []) && !rings.slice(1).some((h) => pointInRing(e.lng, e.lat, h));
        if (inPart(p.split.parts.a)) this.chooseSplitPart('a');
        else if (inPart(p.split.parts.b)) this.chooseSplitPart('b');
      }
      if (p) return true;
      this.add(e);
      this.draw();
      if (this.kind === 'split') this.checkSplitSoFar();
      return true;
    }
    if (e.type === 'dblclick') {
      this.finish();
      return true;
    }
    if (e.type === 'move') {
      const s = snapPoint(c, [e.lng, e.lat], this.ctx.toleranceDeg(), this.ctx.snapping(e), { reference: this.ctx.referenceSnap() });
      this.cursor = s.at;
      this.cursorSnapped = snapped(s);
      this.draw();
      return true;
    }
    return e.type === 'down' || e.type === 'up' ? false : false;
  }

  key(k: KeyInput): boolean {
    if (k.key === 'Enter') {
      this.finish();
      return true;
    }
    if (k.key === 'Backspace' && this.points.length > 0) {
      this.pop();
      this.draw();
      return true;
    }
    return false;
  }

  /** Ends the sketch: a reshape applies at once; the others wait for the form. */
  finish(): void {
    const min = this.polygon ? 3 : 2;
    if (this.points.length < min) {
      this.ctx.editor.notice.set({ kind: 'refused', reason: 'line-too-short' });
      return;
    }
    const points = this.points.map((p) => [p[0], p[1]] as [number, number]);
    const selected = this.ctx.editor.selection.get();
    // A drawn area must be a polygon: one that crosses itself is refused where it does, and its points
    // stay, to be taken back.
    const crossing = this.polygon ? ringSelfCrossing(points) : null;
    if (crossing) {
      this.ctx.editor.notice.set({ kind: 'refused', reason: 'ring-crosses-itself', where: { units: [], at: crossing } });
      return;
    }
    if (this.kind === 'reshape') {
      // Done at once, unless it would leave a unit in more parts than before: then shown and asked.
      const editor = this.ctx.editor;
      if (editor.performOrAsk(actionReshapeBorder(points, ON_BORDER_DEG, selected), 'reshape') || editor.confirmation.get()) return editor.setMode('browse');
      // A refused line is over: the next click starts a new one; the refusal stays shown, with the
      // unit the line ran into and where, or the neighbours across the stretch, when that is the reason.
      const c = this.ctx.coverage();
      const why = c ? reshapeCrossing(c, points, ON_BORDER_DEG, selected) : null;
      if (why) editor.notice.set({ kind: 'refused', reason: why.refusal, where: { units: why.units, at: why.at, ...(why.outside ? { outside: true } : {}) } });
      this.restart();
      return;
    }
    const c = this.ctx.coverage();
    if (this.kind === 'split' && selected && c) {
      // The line is checked now, before the form asks for the new unit's code and name.
      const parts = splitParts(c, selected, points, ON_BORDER_DEG);
      if (typeof parts === 'string') {
        this.ctx.editor.notice.set({ kind: 'refused', reason: parts });
        return this.restart();
      }
      const area = (rings: Position[][]) => geometryAreaM2({ type: 'Polygon', coordinates: rings.map((r) => r.map((q) => [q[0], q[1]])) });
      this.cursor = null;
      this.ctx.editor.pending.set({ kind: 'split', points, split: { parts, areasM2: { a: area(parts.a), b: area(parts.b) }, newPart: 'b' } });
      return this.draw();
    }
    this.cursor = null;
    this.draw();
    this.ctx.editor.pending.set(
      this.kind === 'new-unit' ? { kind: this.kind, points, rings: [...this.rings, { role: this.nextRole, points }] } : { kind: this.kind, points },
    );
  }

  /**
   * Split: the line is checked as it is drawn. A click whose segment runs out of the unit is refused at
   * once (the point is taken back, the refusal says where); a click back on the border completes the
   * line, which is then checked as a whole and its two parts shown, with no Enter needed.
   */
  private checkSplitSoFar(): void {
    const c = this.ctx.coverage();
    const selected = this.ctx.editor.selection.get();
    const n = this.points.length;
    if (!c || !selected || n < 2) return;
    // A trace along a reference layer may leave the unit before the click's own segment does: every
    // segment the click added is checked, and a refused click takes back all its points.
    const added = this.tracedByLastClick + 1;
    for (let i = Math.max(1, n - added); i < n; i++) {
      const exit = splitSegmentExit(c, selected, this.points[i - 1]!, this.points[i]!);
      if (!exit) continue;
      this.ctx.editor.notice.set({ kind: 'refused', reason: 'line-outside-unit', where: { units: [selected], at: exit } });
      for (let k = 0; k < added; k++) this.pop();
      this.tracedByLastClick = 0;
      this.draw();
      return;
    }
    if (this.locs[0] && this.locs[n - 1]) this.finish();
  }

  /** Split: which part becomes the new unit (the form's switch, or a click on a part). */
  chooseSplitPart(part: 'a' | 'b'): void {
    const p = this.ctx.editor.pending.get();
    if (!p?.split || p.split.newPart === part) return;
    this.ctx.editor.pending.set({ ...p, split: { ...p.split, newPart: part } });
    this.draw();
  }

  private restart(): void {
    this.points = [];
    this.locs = [];
    this.refs = [];
    this.tracedByLastClick = 0;
    this.cursor = null;
    this.draw();
  }

  addRing(role: 'part' | 'hole'): void {
    const p = this.ctx.editor.pending.get();
    if (!p || this.kind !== 'new-unit') return;
    this.rings.push({ role: this.nextRole, points: p.points.map((q) => [q[0], q[1]] as [number, number]) });
    this.nextRole = role;
    this.points = [];
    this.locs = [];
    this.refs = [];
    this.tracedByLastClick = 0;
    this.ctx.editor.pending.set(null);
    this.draw();
  }

  complete(p: Pending, attrs: UnitAttrs | null, target: string | null): boolean {
    const editor = this.ctx.editor;
    const ring = (): Polygon => ({ type: 'Polygon', coordinates: [[...p.points, p.points[0]!].map((q) => [q[0], q[1]])] });
    const selected = editor.selection.get();
    if (p.kind === 'split' && attrs && selected) {
      // A split never adds parts to the unit it cuts, but like every edit it asks when one would.
      const split = actionSplitUnit(selected, p.points, ON_BORDER_DEG, attrs.code, attrs, p.split?.newPart ?? 'b');
      return editor.performOrAsk(split, 'split', { show: [selected, attrs.code] }) || editor.confirmation.get() !== null;
    }
    if (p.kind === 'new-unit' && attrs) {
      const drawn = assemble(p.rings ?? [{ role: 'part', points: p.points }]);
      const c = this.ctx.coverage();
      const under = c ? unitsUnder(c, drawn) : [];
      if (under.length === 0) return editor.performOrAsk(actionAddUnit(attrs.code, attrs, drawn), 'new-unit') || editor.confirmation.get() !== null;
      // Drawn over existing units: offer to take the drawn area from them, shown first.
      return editor.performOrAsk(actionCarveUnit(attrs.code, attrs, drawn), 'new-unit-take', { always: true, show: [attrs.code, ...under] }) || editor.confirmation.get() !== null;
    }
    if (p.kind === 'transfer' && selected && target) {
      // A transfer that would cut a unit into pieces (an exclave) is shown and asked first.
      return editor.performOrAsk(actionTransferArea(ring(), selected, target), 'transfer', { show: [selected, target] }) || editor.confirmation.get() !== null;
    }
    return false;
  }
}
