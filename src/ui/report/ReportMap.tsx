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

export interface ReportMapProps {
  readonly shapes: readonly Shape[];
  readonly points: readonly ReportPoint[];
  readonly width: number;
  readonly height: number;
  /** Called with [lon, lat] when the map is clicked (placing a marker). */
  readonly onPick?: (at: [number, number]) => void;
  readonly label: string;
}

export function ReportMap({ shapes, points, width, height, onPick, label }: ReportMapProps) {
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
    </svg>
  );
}
