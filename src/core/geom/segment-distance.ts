// Nearest point of a segment to a point, in a local plane in metres around the point (equirectangular:
// fine over the few metres to kilometres a marker or a border tolerance spans).
import type { Position } from '../model/types';

/** t: where along a→b (0..1) the nearest point lies; d: its distance from p, m. */
export function nearestOnSegmentM(p: Position, a: Position, b: Position): { t: number; d: number } {
  const kx = 111_320 * Math.cos((p[1] * Math.PI) / 180);
  const ky = 110_574;
  const ax = (a[0] - p[0]) * kx, ay = (a[1] - p[1]) * ky;
  const bx = (b[0] - p[0]) * kx, by = (b[1] - p[1]) * ky;
  const dx = bx - ax, dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, -(ax * dx + ay * dy) / len2));
  return { t, d: Math.hypot(ax + t * dx, ay + t * dy) };
}
