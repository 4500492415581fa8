// The sketch (a line being drawn, the arcs a drag moves, the snap target) is drawn on a 2D canvas laid over
// the map, not as a WebGL source: it changes on every pointer move, and redrawing a few hundred vertices on
// a canvas costs well under a millisecond, while any change to a GL source makes the whole map repaint
// (≈50 ms per frame with software WebGL). The canvas follows the map when it moves or zooms.
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';

type Project = (p: Position) => { x: number; y: number };
/** The map's view as [west, south, east, north]. */
type View = () => readonly [number, number, number, number];

const COLOURS = { drag: '#f59e0b', line: '#9333ea', snap: '#db2777', vertex: '#9333ea' } as const;

export class SketchCanvas {
  private readonly canvas: HTMLCanvasElement;
  private fc: FeatureCollection<Geometry, Record<string, unknown>> = { type: 'FeatureCollection', features: [] };

  constructor(
    container: HTMLElement,
    private readonly project: Project,
    private readonly view: View | null = null,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'sketch-canvas';
    this.canvas.setAttribute('aria-hidden', 'true');
    Object.assign(this.canvas.style, { position: 'absolute', left: '0', top: '0', pointerEvents: 'none', zIndex: '1' });
    container.appendChild(this.canvas);
  }

  set(fc: FeatureCollection<Geometry, Record<string, unknown>>): void {
    this.fc = fc;
    this.draw();
  }

  /** Redraws at the map's current view (after a move, a zoom or a resize). */
  draw(): void {
    const parent = this.canvas.parentElement;
    if (!parent) return;
    const dpr = window.devicePixelRatio || 1;
    const w = parent.clientWidth;
    const h = parent.clientHeight;
    if (this.canvas.width !== Math.round(w * dpr) || this.canvas.height !== Math.round(h * dpr)) {
      this.canvas.width = Math.round(w * dpr);
      this.canvas.height = Math.round(h * dpr);
      this.canvas.style.width = `${w}px`;
      this.canvas.style.height = `${h}px`;
    }
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    for (const f of this.fc.features) this.drawFeature(ctx, f);
  }

  private path(ctx: CanvasRenderingContext2D, coords: Position[]): void {
    coords.forEach((p, i) => {
      const s = this.project(p);
      if (i === 0) ctx.moveTo(s.x, s.y);
      else ctx.lineTo(s.x, s.y);
    });
  }

  /**
   * A solid line with only its segments that can be seen: a dragged vertex in the middle of a border of
   * thousands of vertices had every vertex projected and the whole line stroked on every frame, most of
   * it kilometres off screen. (Dashed lines are drawn whole: skipping segments would shift their dashes.)
   */
  private visiblePath(ctx: CanvasRenderingContext2D, coords: Position[]): void {
    const v = this.view?.();
    if (!v) return this.path(ctx, coords);
    // A margin of half the view each side: a line leaving the view is drawn to well past its edge.
    const mx = (v[2] - v[0]) / 2, my = (v[3] - v[1]) / 2;
    const w = v[0] - mx, s = v[1] - my, e = v[2] + mx, n = v[3] + my;
    let open = false;
    for (let i = 0; i + 1 < coords.length; i++) {
      const a = coords[i]!, b = coords[i + 1]!;
      if (Math.max(a[0]!, b[0]!) < w || Math.min(a[0]!, b[0]!) > e || Math.max(a[1]!, b[1]!) < s || Math.min(a[1]!, b[1]!) > n) {
        open = false;
        continue;
      }
      if (!open) {
        const p = this.project(a);
        ctx.moveTo(p.x, p.y);
        open = true;
      }
      const q = this.project(b);
      ctx.lineTo(q.x, q.y);
    }
  }

  private drawFeature(ctx: CanvasRenderingContext2D, f: Feature<Geometry, Record<string, unknown>>): void {
    const role = String(f.properties?.role ?? '');
    const g = f.geometry;
    if (g.type === 'LineString') {
      ctx.beginPath();
      if (role === 'drag') this.visiblePath(ctx, g.coordinates);
      else this.path(ctx, g.coordinates);
      ctx.strokeStyle = role === 'drag' ? COLOURS.drag : COLOURS.line;
      ctx.lineWidth = role === 'drag' ? 3 : 2.5;
      ctx.setLineDash(role === 'drag' ? [] : [6, 3]);
      ctx.stroke();
      ctx.setLineDash([]);
    } else if (g.type === 'Polygon') {
      ctx.beginPath();
      for (const ring of g.coordinates) {
        this.path(ctx, ring);
        ctx.closePath();
      }
      // A split's two parts: the one that becomes the new unit in green, the one that stays in grey.
      ctx.fillStyle = role === 'new-part' ? 'rgba(22, 163, 74, 0.35)' : role === 'kept-part' ? 'rgba(100, 116, 139, 0.12)' : 'rgba(147, 51, 234, 0.15)';
      ctx.fill('evenodd');
      ctx.strokeStyle = role === 'new-part' ? '#15803d' : COLOURS.line;
      ctx.lineWidth = 1.5;
      ctx.stroke();
    } else if (g.type === 'Point') {
      const s = this.project(g.coordinates);
      ctx.beginPath();
      if (role === 'snap') {
        ctx.arc(s.x, s.y, 8, 0, Math.PI * 2);
        ctx.strokeStyle = COLOURS.snap;
        ctx.lineWidth = 2;
        ctx.stroke();
      } else {
        ctx.arc(s.x, s.y, 4, 0, Math.PI * 2);
        ctx.fillStyle = COLOURS.vertex;
        ctx.fill();
        ctx.strokeStyle = '#ffffff';
        ctx.lineWidth = 2;
        ctx.stroke();
      }
    }
  }

  destroy(): void {
    this.canvas.remove();
  }
}
