// Helpers shared by the end-to-end tests: wait for the app, read engine state, aim at map positions.
import type { Page } from 'playwright-core';

export async function openApp(page: Page, baseURL: string): Promise<void> {
  await page.goto(baseURL);
  await page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: 60_000 });
}

/** Waits for the checks to finish and returns their issues as plain objects. */
export async function issues(page: Page): Promise<{ id: string; kind: string; severity: string; units: string[]; areaM2?: number }[]> {
  await page.waitForFunction(() => {
    const e = (window as any).__diaGioi.editor;
    return e.checkState.get().status === 'ready' && e.coverage.get() !== null;
  }, undefined, { timeout: 60_000 });
  return page.evaluate(() => (window as any).__diaGioi.editor.issues.get().map((i: any) => ({ id: i.id, kind: i.kind, severity: i.severity, units: i.units, areaM2: i.areaM2 })));
}

/** Waits until the checks have run on the current coverage (after an edit). */
export async function checksSettled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const e = (window as any).__diaGioi.editor;
    return e.checkState.get().status === 'ready' && (e as any).checked === e.coverage.get();
  }, undefined, { timeout: 60_000 });
}

export async function unitArea(page: Page, id: string): Promise<number> {
  return page.evaluate(async (unitId) => {
    const e = (window as any).__diaGioi.editor;
    const c = e.coverage.get();
    const u = c.units.get(unitId);
    // Shoelace on the arcs is enough for a relative comparison in tests.
    let area = 0;
    for (const poly of u.polygons) {
      poly.forEach((ring: number[], r: number) => {
        const pts: number[][] = [];
        for (const ref of ring) {
          const arc = c.arcs[ref < 0 ? ~ref : ref];
          const seq = ref < 0 ? [...arc].reverse() : arc;
          seq.forEach((p: number[], i: number) => { if (i > 0 || pts.length === 0) pts.push(p); });
        }
        let s = 0;
        for (let i = 0; i < pts.length - 1; i++) s += pts[i]![0]! * pts[i + 1]![1]! - pts[i + 1]![0]! * pts[i]![1]!;
        area += (r === 0 ? 1 : -1) * Math.abs(s / 2);
      });
    }
    return area;
  }, id);
}

/** Page coordinates of a lon/lat on the map. */
export async function screenOf(page: Page, lng: number, lat: number): Promise<{ x: number; y: number }> {
  const box = (await page.locator('[data-testid="map"]').boundingBox())!;
  const p = await page.evaluate(([x, y]) => (window as any).__diaGioi.map().project(x, y), [lng, lat]);
  return { x: box.x + p.x, y: box.y + p.y };
}

/** Renames a unit through the unit panel's attribute form (the usual small, saved edit of these tests). */
export async function renameUnit(page: Page, from: RegExp, to: string): Promise<void> {
  await page.getByRole('list', { name: 'Danh sách đơn vị' }).getByRole('button', { name: from }).click();
  await page.getByRole('button', { name: 'Sửa thuộc tính' }).click();
  const form = page.getByRole('form', { name: 'Sửa thuộc tính' });
  await form.getByRole('textbox', { name: 'Tên' }).fill(to);
  await form.getByRole('button', { name: 'Lưu' }).click();
}

/** A unit's name in the editor's current coverage. */
export function unitName(page: Page, id: string): Promise<string> {
  return page.evaluate((u) => (window as any).__diaGioi.editor.coverage.get().units.get(u).attrs.name, id);
}
