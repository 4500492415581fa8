// Where the province benches drag: a vertex in the middle of the longest arc two units share, with the
// unit selected, the map centred on it at zoom 16 and the vertex tool on. The search runs in the page
// (evaluated as a string: the bench scripts run outside the app's module graph).
import type { Page } from 'playwright-core';
import { mapIdle, screenOf } from '../e2e/helpers';

const DRAG_TARGET_JS = `(() => {
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

/** Readies the drag; returns the vertex's page position and the coverage's vertex count. */
export async function readyVertexDrag(page: Page): Promise<{ from: { x: number; y: number }; vertices: number }> {
  const target = (await page.evaluate(DRAG_TARGET_JS)) as { unit: string; at: [number, number]; vertices: number };
  await page.evaluate(`window.__diaGioi.editor.select(${JSON.stringify(target.unit)})`);
  await page.evaluate(`window.__diaGioi.map().map.jumpTo({ center: ${JSON.stringify(target.at)}, zoom: 16 })`);
  await mapIdle(page);
  await page.getByRole('button', { name: 'Sửa đỉnh' }).click();
  return { from: await screenOf(page, target.at[0], target.at[1]), vertices: target.vertices };
}
