// The record's map as SVG: the unit, its neighbours, and the numbered characteristic points. SVG (not the
// WebGL map) so it prints crisply on A4 and looks the same on every machine.
import type { MultiPolygon, Position } from 'geojson';
import type { ReportPoint } from '../../core/report/unit-report';

interface Shape {
  readonly id: string;
  readonly label: string;
  readonly geometry: MultiPolygon;
  readonly main: boolean;
}

/** The record's grid: [lon, lat] ↔ [easting, northing] in metres (VN-2000 TM-3 of the province). */
export interface MapGrid {
  readonly toGrid: (p: readonly [number, number]) => readonly [number, number];
  readonly fromGrid: (en: readonly [number, number]) => readonly [number, number];
}

export interface MapLegend {
  readonly unit: string;
  readonly neighbour: string;
  readonly point: string;
  readonly marker: string;
  readonly grid: string;
  readonly north: string;
}

/** A round length for the scale bar: 1, 2 or 5 × 10ⁿ metres, at most `max`. */
function niceLength(max: number): number {
  const p = 10 ** Math.floor(Math.log10(max));
  return [5, 2, 1].map((f) => f * p).find((v) => v <= max) ?? p;
}

export interface ReportMapProps {
  /** VN-2000 grid lines and labels; none without it. */
  readonly grid?: MapGrid;
  readonly legend?: MapLegend;
  readonly shapes: readonly Shape[];
  readonly points: readonly ReportPoint[];
  readonly width: number;
  readonly height: number;
  /** Called with [lon, lat] when the map is clicked (placing a marker). */
  readonly onPick?: (at: [number, number]) => void;
  readonly label: string;
}

export function ReportMap({ shapes, points, width, height, onPick, label, grid, legend }: ReportMapProps) {
  const main = shapes.filter((s) => s.main);
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const s of main) for (const p of s.geometry.coordinates) for (const r of p) for (const q of r) {
    x0 = Math.min(x0, q[0]!); y0 = Math.min(y0, q[1]!); x1 = Math.max(x1, q[0]!); y1 = Math.max(y1, q[1]!);
  }
  // Equirectangular with cos(lat) so the shape is true to the ground at this scale; 8 % margin.
  const k = Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
  const w = (x1 - x0) * k || 1e-6;
  const h = y1 - y0 || 1e-6;
  const scale = Math.min((width * 0.84) / w, (height * 0.84) / h);
  const ox = (width - w * scale) / 2;
  const oy = (height - h * scale) / 2;
  const px = (p: Position): [number, number] => [ox + (p[0]! - x0) * k * scale, height - (oy + (p[1]! - y0) * scale)];
  const path = (g: MultiPolygon) =>
    g.coordinates.map((poly) => poly.map((ring) => ring.map((p, i) => `${i ? 'L' : 'M'}${px(p).map((v) => v.toFixed(1)).join(' ')}`).join('') + 'Z').join('')).join('');
  const centre = (g: MultiPolygon): [number, number] => {
    const ring = g.coordinates[0]?.[0] ?? [];
    let sx = 0, sy = 0;
    for (const p of ring) {
      const [a, b] = px(p);
      sx += a;
      sy += b;
    }
    return [sx / Math.max(1, ring.length), sy / Math.max(1, ring.length)];
  };
  // Metres per SVG unit, on the ground (the map is true to scale in both directions).
  const metresPerUnit = 111_320 / scale;
  const bar = niceLength((width * 0.25) * metresPerUnit);
  const barPx = bar / metresPerUnit;
  // VN-2000 grid: lines of constant easting and northing every nice step, drawn through converted
  // points (straight to well under a pixel at this scale), labelled in km at the frame's edge.
  const gridLines: { d: string; label: string; at: [number, number]; anchor: 'start' | 'middle' }[] = [];
  if (grid) {
    const corners = [[x0, y0], [x1, y0], [x0, y1], [x1, y1]].map((c) => grid.toGrid(c as [number, number]));
    const e0 = Math.min(...corners.map((c) => c[0])), e1 = Math.max(...corners.map((c) => c[0]));
    const n0 = Math.min(...corners.map((c) => c[1])), n1 = Math.max(...corners.map((c) => c[1]));
    const step = niceLength(Math.max(e1 - e0, n1 - n0) / 3);
    const line = (pts: [number, number][]) => pts.map((q, i) => `${i ? 'L' : 'M'}${px([...grid.fromGrid(q)]).map((v) => v.toFixed(1)).join(' ')}`).join('');
    const km = (v: number) => `${(v / 1000).toFixed(step >= 1000 ? 0 : 1)} km`;
    for (let e = Math.ceil(e0 / step) * step; e <= e1; e += step) {
      const d = line([[e, n0 - step], [e, n1 + step]]);
      const top = px([...grid.fromGrid([e, n1])]);
      gridLines.push({ d, label: `Y ${km(e)}`, at: [top[0], 12], anchor: 'middle' });
    }
    for (let n = Math.ceil(n0 / step) * step; n <= n1; n += step) {
      const d = line([[e0 - step, n], [e1 + step, n]]);
      const left = px([...grid.fromGrid([e0, n])]);
      gridLines.push({ d, label: `X ${km(n)}`, at: [4, left[1] - 3], anchor: 'start' });
    }
  }
  return (
    <svg
      className="report-map"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      onClick={(e) => {
        if (!onPick) return;
        const svg = e.currentTarget;
        const r = svg.getBoundingClientRect();
        const sx = ((e.clientX - r.left) / r.width) * width;
        const sy = ((e.clientY - r.top) / r.height) * height;
        onPick([x0 + (sx - ox) / (k * scale), y0 + (height - sy - oy) / scale]);
      }}
    >
      <rect width={width} height={height} fill="#f8fafc" />
      {shapes.filter((s) => !s.main).map((s) => (
        <path key={s.id} d={path(s.geometry)} fill="#eef2e6" stroke="#9ca3af" strokeWidth={0.8} />
      ))}
      {main.map((s) => (
        <path key={s.id} d={path(s.geometry)} fill="#fde7c8" stroke="#b91c1c" strokeWidth={2} fillRule="evenodd" />
      ))}
      {shapes.filter((s) => !s.main).map((s) => {
        const [cx, cy] = centre(s.geometry);
        return cx > 0 && cx < width && cy > 0 && cy < height ? (
          <text key={`l-${s.id}`} x={cx} y={cy} className="report-map-neighbour" textAnchor="middle">
            {s.label}
          </text>
        ) : null;
      })}
      {gridLines.map((g, i) => (
        <g key={`g${i}`} className="report-map-grid">
          <path d={g.d} fill="none" stroke="#64748b" strokeWidth={0.5} strokeDasharray="4 3" />
          <text x={g.at[0]} y={g.at[1]} textAnchor={g.anchor} className="report-map-grid-label">
            {g.label}
          </text>
        </g>
      ))}
      {points.map((p) => {
        const [cx, cy] = px([p.lon, p.lat]);
        return (
          <g key={`${p.number}`}>
            <circle cx={cx} cy={cy} r={p.kind === 'marker' ? 5 : 4} fill={p.kind === 'marker' ? '#7c3aed' : '#1d4ed8'} stroke="#fff" strokeWidth={1} />
            <text x={cx + 6} y={cy - 6} className="report-map-point">
              {p.number}
            </text>
          </g>
        );
      })}
      {/* North arrow (the map is north-up), scale bar, legend. */}
      <g className="report-map-north" transform={`translate(${width - 30} 34)`}>
        <path d="M0 -18 L7 6 L0 1 L-7 6 Z" fill="#111827" />
        <text y={20} textAnchor="middle" className="report-map-furniture">
          {legend?.north ?? 'N'}
        </text>
      </g>
      <g className="report-map-scale" transform={`translate(16 ${height - 18})`}>
        <rect width={barPx / 2} height={5} fill="#111827" />
        <rect x={barPx / 2} width={barPx / 2} height={5} fill="#fff" stroke="#111827" strokeWidth={0.8} />
        <text x={0} y={-4} className="report-map-furniture">0</text>
        <text x={barPx} y={-4} textAnchor="end" className="report-map-furniture">
          {bar >= 1000 ? `${bar / 1000} km` : `${bar} m`}
        </text>
      </g>
      {legend ? (
        <g className="report-map-legend" transform={`translate(${width - 190} ${height - 92})`}>
          <rect width={182} height={84} fill="#fff" fillOpacity={0.9} stroke="#cbd5e1" />
          <rect x={8} y={8} width={16} height={10} fill="#fde7c8" stroke="#b91c1c" strokeWidth={2} />
          <text x={30} y={17} className="report-map-furniture">{legend.unit}</text>
          <rect x={8} y={24} width={16} height={10} fill="#eef2e6" stroke="#9ca3af" />
          <text x={30} y={33} className="report-map-furniture">{legend.neighbour}</text>
          <circle cx={16} cy={45} r={4} fill="#1d4ed8" stroke="#fff" />
          <text x={30} y={49} className="report-map-furniture">{legend.point}</text>
          <circle cx={16} cy={60} r={5} fill="#7c3aed" stroke="#fff" />
          <text x={30} y={64} className="report-map-furniture">{legend.marker}</text>
          <path d="M8 75 H24" stroke="#64748b" strokeDasharray="4 3" />
          <text x={30} y={79} className="report-map-furniture">{legend.grid}</text>
        </g>
      ) : null}
    </svg>
  );
}
