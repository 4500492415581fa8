// The sketch (a line being drawn, the arcs a drag moves, the snap target) is drawn on a 2D canvas laid over
// the map, not as a WebGL source: it changes on every pointer move, and redrawing a few hundred vertices on
// a canvas costs well under a millisecond, while any change to a GL source makes the whole map repaint
// (≈50 ms per frame with software WebGL). The canvas follows the map when it moves or zooms.
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';

type Project = (p: Position) => { x: number; y: number };

const COLOURS = { drag: '#f59e0b', line: '#9333ea', snap: '#db2777', vertex: '#9333ea' } as const;

export class SketchCanvas {
  private readonly canvas: HTMLCanvasElement;
  private fc: FeatureCollection<Geometry, Record<string, unknown>> = { type: 'FeatureCollection', features: [] };

  constructor(container: HTMLElement, private readonly project: Project) {
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

  private drawFeature(ctx: CanvasRenderingContext2D, f: Feature<Geometry, Record<string, unknown>>): void {
    const role = String(f.properties?.role ?? '');
    const g = f.geometry;
    if (g.type === 'LineString') {
      ctx.beginPath();
      this.path(ctx, g.coordinates);
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
