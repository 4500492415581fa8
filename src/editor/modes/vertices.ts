// Vertex editing of the selected unit: drag a vertex (it moves for every unit that shares it), drag a
// midpoint to insert one, Delete removes the active vertex. A drag is one undo step; Escape bails out.
// A press that moves less than CLICK_PX before release is a click: it selects the vertex and moves
// nothing (a hand that shakes by 2 px must not move a legal border point by 2 m).
// While dragging, only the touched arcs are drawn, in the sketch overlay (a few hundred vertices), and
// the edit is committed once on release: a pointer move never rebuilds the coverage's GeoJSON sources.
import type { Feature, Geometry, Point } from 'geojson';
import type { Coverage, Position } from '../../core/model/types';
import { arcIndex } from '../../core/model/types';
import { actionMoveVertex, coincidentVertices, type VertexRef } from '../../core/actions/move-vertex';
import { actionInsertVertex } from '../../core/actions/insert-vertex';
import { actionDeleteVertex } from '../../core/actions/delete-vertex';
import { makeAction, type Action } from '../../core/actions/refusal';
import type { MapPointerEvent } from '../ports';
import { snapPoint, snapped, type Snap } from '../snap';
import type { ArcLocation } from '../../core/topology/locate';
import type { ReferenceSnapIndex } from '../../core/geom/reference-snap';
import { SNAP_VERTEX_KEY } from '../shortcuts';
import { EMPTY_FC, type KeyInput, type Mode, type ModeContext } from './types';

/** Pointer travel (px) below which a press on a handle is a click, not a drag (iD uses a similar few px). */
export const CLICK_PX = 4;

interface Drag {
  readonly vertex: VertexRef;
  /** Screen position of the press; the drag starts once the pointer leaves CLICK_PX around it. */
  readonly from: { readonly x: number; readonly y: number };
  started: boolean;
  /** Set when the drag started on a midpoint: the vertex is inserted first (same undo step). */
  readonly insert: { arc: number; index: number } | null;
  readonly arcs: ReadonlySet<number>;
  /** Points of those arcs other than the dragged vertex (never snap targets). */
  readonly taken: ReadonlySet<string>;
  /** The coverage when the drag began; every move is computed from it. */
  readonly base: Coverage;
  /** The last position that was allowed, as the edit that puts the vertex there. */
  last: Action<Coverage> | null;
}

function compose(first: Action<Coverage> | null, then: (c: Coverage) => Action<Coverage>): Action<Coverage> {
  return makeAction(
    (c) => {
      const mid = first ? first(c) : c;
      return then(mid)(mid);
    },
    (c) => {
      const r = first?.disabled(c);
      if (r) return r;
      const mid = first ? first(c) : c;
      return then(mid).disabled(mid);
    },
  );
}

/**
 * Moves the vertex to `to` (after `first`, the midpoint's insertion of a drag), and when `to` was
 * snapped onto another border's edge, puts a vertex there on that edge too, so the two borders meet.
 */
function moveOnto(first: Action<Coverage> | null, vertex: VertexRef, to: Position, target: ArcLocation | null): Action<Coverage> {
  // The edge gets its vertex first: a vertex moved onto the inside of another edge would touch it,
  // which the move refuses as a crossing; onto a vertex there it is a meeting of the two borders.
  // (The target is another arc: the moved vertex's index does not shift.)
  if (!target || target.kind !== 'segment') return compose(first, () => actionMoveVertex(vertex, to));
  return compose(first, () => compose(actionInsertVertex(target.arc, target.index, to), () => actionMoveVertex(vertex, to)));
}

/** The arcs a vertex lies on: its own and, at a node, every arc that meets there. */
function arcsAt(c: Coverage, v: VertexRef): Set<number> {
  const arcs = new Set(coincidentVertices(c, v).map((x) => x.arc));
  arcs.add(v.arc);
  return arcs;
}

/** Points the vertex's own arcs already have (the vertex itself aside), as "x,y". */
function ownPoints(c: Coverage, own: ReadonlySet<number>, v: VertexRef): Set<string> {
  const out = new Set<string>();
  for (const a of own) c.arcs[a]?.forEach((p, i) => (a === v.arc && i === v.index ? undefined : out.add(`${p[0]},${p[1]}`)));
  return out;
}

/**
 * Where the vertex snaps: the nearest vertex, else edge, of another arc or of a reference layer; never
 * onto a point its own arcs already have (its arc's end node is a vertex of the other arcs there): that
 * would only fold a segment to nothing. Such a target is passed over for the next arc's. A reference
 * target is on no arc, so never on an own one; but it may lie where a neighbouring vertex of the same
 * arc was snapped before, and is passed over there for the same reason.
 */
function snapFor(
  c: Coverage,
  p: Position,
  toleranceDeg: number,
  enabled: boolean,
  own: ReadonlySet<number>,
  taken: ReadonlySet<string>,
  reference: ReferenceSnapIndex | null,
): Snap {
  const skip = new Set(own);
  const acceptReference = (at: Position) => !taken.has(`${at[0]},${at[1]}`);
  for (let i = 0; i < 8; i++) {
    const s = snapPoint(c, p, toleranceDeg, enabled, { accept: (a) => !skip.has(a), reference, acceptReference });
    if (!s.target || !taken.has(`${s.at[0]},${s.at[1]}`)) return s;
    skip.add(s.target.arc);
  }
  return { at: p, target: null, reference: null };
}

export class VerticesMode implements Mode {
  private drag: Drag | null = null;
  private activeRef: VertexRef | null = null;

  /** The selected vertex, mirrored in the editor so the UI can show and type its coordinates. */
  private get active(): VertexRef | null {
    return this.activeRef;
  }

  private set active(v: VertexRef | null) {
    this.activeRef = v;
    this.ctx.editor.activeVertex.set(v);
  }

  constructor(private readonly ctx: ModeContext) {}

  enter(): void {
    this.active = null;
    this.refresh();
  }

  exit(): void {
    this.active = null;
    this.drag = null;
    this.ctx.map()?.setDragPan(true);
    this.ctx.overlay('handles', EMPTY_FC);
    this.ctx.overlay('sketch', EMPTY_FC);
  }

  refresh(): void {
    if (this.drag) return; // handles are redrawn when the drag ends
    const c = this.ctx.coverage();
    const id = this.ctx.editor.selection.get();
    const unit = id ? c?.units.get(id) : undefined;
    if (!c || !unit) return this.ctx.overlay('handles', EMPTY_FC);
    const arcs = new Set(unit.polygons.flatMap((p) => p.flatMap((r) => r.map(arcIndex))));
    const features: Feature<Point, Record<string, unknown>>[] = [];
    for (const a of arcs) {
      const arc = c.arcs[a]!;
      arc.forEach((p, i) => {
        const node = i === 0 || i === arc.length - 1;
        const active = this.active?.arc === a && this.active.index === i;
        features.push({ type: 'Feature', properties: { kind: 'vertex', arc: a, index: i, node, active }, geometry: { type: 'Point', coordinates: [p[0], p[1]] } });
        if (i < arc.length - 1) {
          const q = arc[i + 1]!;
          features.push({
            type: 'Feature',
            properties: { kind: 'midpoint', arc: a, index: i, node: false, active: false },
            geometry: { type: 'Point', coordinates: [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2] },
          });
        }
      });
    }
    this.ctx.overlay('handles', { type: 'FeatureCollection', features });
  }

  pointer(e: MapPointerEvent): boolean {
    const c = this.ctx.coverage();
    if (!c) return false;
    if (e.type === 'down' && e.button === 0 && e.handle) {
      const h = e.handle;
      const vertex = h.kind === 'vertex' ? { arc: h.arc, index: h.index } : { arc: h.arc, index: h.index + 1 };
      const arcs = arcsAt(c, h.kind === 'vertex' ? vertex : { arc: h.arc, index: h.index });
      const insert = h.kind === 'midpoint' ? { arc: h.arc, index: h.index } : null;
      const taken = ownPoints(c, arcs, h.kind === 'vertex' ? vertex : { arc: -1, index: -1 });
      this.drag = { vertex, from: { x: e.x, y: e.y }, started: false, insert, arcs, taken, base: c, last: null };
      this.active = vertex;
      this.ctx.map()?.setDragPan(false);
      // Thousands of handles need not be drawn while one of them is dragged.
      this.ctx.overlay('handles', EMPTY_FC);
      return true;
    }
    if (e.type === 'move' && this.drag) {
      const d = this.drag;
      if (!d.started && Math.hypot(e.x - d.from.x, e.y - d.from.y) < CLICK_PX) return true;
      d.started = true;
      const s = snapFor(c, [e.lng, e.lat], this.ctx.toleranceDeg(), this.ctx.snapping(e), d.arcs, d.taken, this.ctx.referenceSnap());
      const to: Position = s.at;
      const insert = d.insert ? actionInsertVertex(d.insert.arc, d.insert.index, to) : null;
      const target = s.target;
      const action = moveOnto(insert, d.vertex, to, target);
      const refused = action.disabled(d.base);
      if (refused) this.ctx.editor.notice.set({ kind: 'refused', reason: refused });
      else {
        d.last = action;
        if (this.ctx.editor.notice.get()) this.ctx.editor.notice.set(null);
      }
      this.drawDrag(d, snapped(s) ? to : null);
      return true;
    }
    if (e.type === 'up' && this.drag) {
      const last = this.drag.last;
      // A click on a midpoint selects nothing; a click on a vertex made it the active one at the press.
      if (!this.drag.started && this.drag.insert) this.active = null;
      this.drag = null;
      this.ctx.map()?.setDragPan(true);
      this.ctx.overlay('sketch', EMPTY_FC);
      if (last) this.ctx.editor.perform(last, 'move-vertex');
      this.refresh();
      return true;
    }
    if (e.type === 'click' && e.handle) {
      if (e.handle.kind === 'vertex') this.active = { arc: e.handle.arc, index: e.handle.index };
      this.refresh();
      return true;
    }
    return false;
  }

  key(k: KeyInput): boolean {
    if (k.key === 'Escape' && this.drag) {
      // Nothing was committed yet: dropping the drag is the whole bail-out.
      this.drag = null;
      this.ctx.map()?.setDragPan(true);
      this.ctx.overlay('sketch', EMPTY_FC);
      this.refresh();
      return true;
    }
    if (k.key.toLowerCase() === SNAP_VERTEX_KEY && !k.ctrl && !k.alt && this.active && !this.drag) {
      this.snapActive();
      return true;
    }
    if ((k.key === 'Delete' || k.key === 'Backspace') && this.active && !this.drag) {
      if (this.ctx.editor.perform(actionDeleteVertex(this.active), 'delete-vertex')) this.active = null;
      this.refresh();
      return true;
    }
    return false;
  }

  /** Draws the arcs the drag changes (from the last allowed position) and the snap target. */
  private drawDrag(d: Drag, snap: Position | null): void {
    const features: Feature<Geometry, Record<string, unknown>>[] = [];
    if (d.last) {
      const next = d.last(d.base);
      for (let i = 0; i < next.arcs.length; i++) {
        if (next.arcs[i] === d.base.arcs[i]) continue;
        features.push({ type: 'Feature', properties: { role: 'drag' }, geometry: { type: 'LineString', coordinates: next.arcs[i]!.map((p) => [p[0], p[1]]) } });
      }
    }
    if (snap) features.push({ type: 'Feature', properties: { role: 'snap' }, geometry: { type: 'Point', coordinates: [snap[0], snap[1]] } });
    this.ctx.overlay('sketch', { type: 'FeatureCollection', features });
  }

  /**
   * Snaps the selected vertex onto the nearest vertex, else the nearest edge, of another border or a
   * visible reference layer within the snapping reach (the same pixels as a drag, at the current zoom):
   * one undo step, refused like a drag. Says so when nothing is in reach.
   */
  snapActive(): boolean {
    const c = this.ctx.coverage();
    const v = this.active;
    const at = v && c?.arcs[v.arc]?.[v.index];
    if (!c || !v || !at) return false;
    const own = arcsAt(c, v);
    // Where the vertex already is would be a snap that moves nothing (a reference corner it was snapped
    // to before): passed over for the next target.
    const taken = ownPoints(c, own, v).add(`${at[0]},${at[1]}`);
    const s = snapFor(c, at, this.ctx.toleranceDeg(), true, own, taken, this.ctx.referenceSnap());
    if (!snapped(s)) {
      this.ctx.editor.notice.set({ kind: 'refused', reason: 'nothing-in-reach' });
      return false;
    }
    const ok = this.ctx.editor.perform(moveOnto(null, v, s.at, s.target), 'snap-vertex');
    this.refresh();
    return ok;
  }

  /** For the toolbar: delete the active vertex. */
  deleteActive(): boolean {
    return this.key({ key: 'Delete', ctrl: false, shift: false, alt: false });
  }
}
