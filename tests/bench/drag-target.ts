// The vertex the province benches drag: the middle of the longest arc two units share, found in the page
// (evaluated as a string: the bench scripts run outside the app's module graph). Also counts the vertices.
export const DRAG_TARGET_JS = `(() => {
  const c = window.__diaGioi.editor.coverage.get();
  const users = new Map();
  let vertices = 0;
  for (const a of c.arcs) vertices += a.length;
  for (const u of c.units.values()) for (const poly of u.polygons) for (const ring of poly) for (const ref of ring) {
    const i = ref < 0 ? ~ref : ref;
    users.set(i, [...(users.get(i) ?? []), u.id]);
  }
  let best = -1;
  for (const [i, us] of users) if (us.length === 2 && (best < 0 || c.arcs[i].length > c.arcs[best].length)) best = i;
  const arc = c.arcs[best];
  return { unit: users.get(best)[0], at: arc[Math.floor(arc.length / 2)], vertices };
})()`;

export interface DragTarget {
  readonly unit: string;
  readonly at: [number, number];
  readonly vertices: number;
}
