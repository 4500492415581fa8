// The checks panel as a reviewer works through it, on the bundled Hải Phòng data: a legend for every
// symbol the map draws for issues, issues grouped by kind with their count and explanation, a warning
// kind hidden from the list and the map (still hidden after a reload), and the merger-consistency
// explanation of what was compared with which reference.
import { describe, expect, inject, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { MESSAGES } from '../../src/ui/i18n/messages';
import { OUT_DIR, TIMEOUT } from './browser';
import { appPerTest, checksSettled, drawn, historyIndex, issues, openApp } from './helpers';

const baseURL = inject('baseURL');
const vi = MESSAGES.vi;

/** The hidden kinds IndexedDB holds, read through a connection of its own (only committed data). */
function storedHiddenKinds(page: Page): Promise<unknown> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('dia-gioi');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction('settings', 'readonly').objectStore('settings').get('hiddenKinds');
          get.onsuccess = () => {
            db.close();
            resolve(get.result?.value ?? null);
          };
          get.onerror = () => reject(get.error);
        };
      }),
  );
}

/** Consecutive repeated vertices in the editor's arcs, and arcs whose vertices are all one point. */
function repeats(page: Page): Promise<{ vertices: number; zeroArcs: number }> {
  return page.evaluate(() => {
    let vertices = 0;
    let zeroArcs = 0;
    for (const arc of (window as any).__diaGioi.editor.coverage.get().arcs as number[][][]) {
      if (arc.length < 2) continue;
      let same = 0;
      for (let i = 1; i < arc.length; i++) if (arc[i]![0] === arc[i - 1]![0] && arc[i]![1] === arc[i - 1]![1]) same++;
      vertices += same;
      if (same === arc.length - 1) zeroArcs++;
    }
    return { vertices, zeroArcs };
  });
}

/** The issue features the map's `issues` source holds now: their kinds. */
function mapIssueKinds(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const src = (window as any).__diaGioi.map().map.getSource('issues');
    const data = await src.getData();
    return data.features.map((f: any) => f.properties.kind as string);
  });
}

async function openChecks(page: Page): Promise<void> {
  await issues(page); // the checks have run: the list is complete
  await page.getByRole('tab', { name: /Kiểm tra/ }).click();
}

describe('the checks panel', () => {
  const session = appPerTest(baseURL);

  it('has a legend for every colour the map draws issues, selections and fix previews in', async () => {
    const s = session();
    await openChecks(s.page);
    // Every colour of every map layer fed by the issues, the selected issue and the fix preview.
    const mapColours = await s.page.evaluate(() => {
      const ctx = document.createElement('canvas').getContext('2d')!;
      const norm = (c: string) => {
        ctx.fillStyle = '#000000';
        ctx.fillStyle = c;
        return ctx.fillStyle; // '#rrggbb', or 'rgba(r, g, b, a)' when not opaque
      };
      const out: { layer: string; colour: string }[] = [];
      const walk = (layer: string, v: unknown) => {
        if (Array.isArray(v)) v.forEach((x) => walk(layer, x));
        else if (typeof v === 'string' && /^(#|rgb)/.test(v)) {
          const c = norm(v);
          if (!/^rgba\(.*, 0\)$/.test(c)) out.push({ layer, colour: c.startsWith('#') ? c : c });
        }
      };
      for (const l of (window as any).__diaGioi.map().map.getStyle().layers) {
        if (!['issues', 'issue-selected', 'preview'].includes(l.source)) continue;
        for (const key of ['fill-color', 'line-color', 'circle-color', 'circle-stroke-color']) walk(l.id, l.paint?.[key]);
      }
      return out;
    });
    expect(mapColours.length).toBeGreaterThan(8);
    const legend = s.page.locator('details.legend');
    await legend.getByText('Chú giải').click();
    const items = legend.getByRole('listitem');
    await expect.poll(() => items.count()).toBe(Object.keys(vi.legendItems).length);
    // Each item: its words, and the colours its swatch is drawn in (fill and border, opaque).
    const shown = await legend.evaluate((el) => {
      const ctx = document.createElement('canvas').getContext('2d')!;
      const rgb = (c: string) => {
        ctx.fillStyle = '#000000';
        ctx.fillStyle = c;
        const v = ctx.fillStyle;
        if (v.startsWith('#')) return v;
        const m = /rgba?\((\d+), (\d+), (\d+)/.exec(v)!;
        const a = /, ([\d.]+)\)$/.exec(v);
        if (a && Number(a[1]) === 0) return null;
        return `#${[m[1], m[2], m[3]].map((x) => Number(x).toString(16).padStart(2, '0')).join('')}`;
      };
      return [...el.querySelectorAll('li')].map((li) => {
        const sw = li.querySelector<HTMLElement>('.swatch')!;
        const cs = getComputedStyle(sw);
        const colours = [cs.backgroundColor, Number.parseFloat(cs.borderTopWidth) > 0 ? cs.borderTopColor : 'transparent'].map(rgb).filter((c): c is string => c !== null);
        const box = sw.getBoundingClientRect();
        return { text: li.textContent!.trim(), colours, visible: box.width > 0 && box.height > 0 };
      });
    });
    expect(shown.map((x) => x.text).sort()).toEqual(Object.values(vi.legendItems).sort());
    for (const item of shown) {
      expect(item.visible, item.text).toBe(true);
      expect(item.colours.length, item.text).toBeGreaterThan(0);
    }
    // Compared without transparency: the map's fills are the swatches' colours at another opacity.
    const opaque = (c: string) => {
      const m = /rgba?\((\d+), (\d+), (\d+)/.exec(c);
      return m ? `#${[m[1], m[2], m[3]].map((x) => Number(x).toString(16).padStart(2, '0')).join('')}` : c;
    };
    const inLegend = new Set(shown.flatMap((x) => x.colours));
    const missing = mapColours.filter((m) => !inLegend.has(opaque(m.colour))).map((m) => `${m.layer} ${m.colour}`);
    expect(missing).toEqual([]);
    await s.page.screenshot({ path: join(OUT_DIR, 'issues-legend.png') });
  });

  it('groups the issues by kind, errors first, each with its count and a line saying what it is', async () => {
    const s = session();
    const all = await issues(s.page);
    await openChecks(s.page);
    const byKind = new Map<string, { n: number; error: boolean }>();
    for (const i of all) {
      const g = byKind.get(i.kind) ?? { n: 0, error: false };
      byKind.set(i.kind, { n: g.n + 1, error: g.error || i.severity === 'error' });
    }
    // The real data has both errors (the overlap, the gap) and thousands of warnings of several kinds.
    expect([...byKind.values()].some((g) => g.error)).toBe(true);
    expect([...byKind.values()].filter((g) => !g.error).length).toBeGreaterThanOrEqual(2);
    const list = s.page.getByRole('list', { name: 'Danh sách vấn đề' });
    const groups = list.locator(':scope > section.issue-group');
    await expect.poll(() => groups.count(), { timeout: TIMEOUT }).toBe(byKind.size);
    const seen = await groups.evaluateAll((els) =>
      els.map((g) => ({
        label: g.getAttribute('aria-label'),
        heading: g.querySelector('h3')!.textContent!,
        help: g.querySelector('.kind-help')?.textContent ?? null,
        items: g.querySelectorAll(':scope > ul > li').length,
      })),
    );
    const labelKind = new Map(Object.entries(vi.kinds).map(([k, v]) => [v, k]));
    let warningsBegun = false;
    for (const g of seen) {
      const kind = labelKind.get(g.label!)!;
      expect(kind, g.label!).toBeDefined();
      const want = byKind.get(kind)!;
      expect(g.heading).toBe(`${vi.kinds[kind]} (${want.n})`);
      expect(g.items).toBe(want.n);
      expect(g.help).toBe(vi.kindHelp[kind] ?? null);
      // Kinds with an error come before kinds of warnings only.
      if (!want.error) warningsBegun = true;
      else expect(warningsBegun, `${kind} after a warning kind`).toBe(false);
    }
    // The count line sums them.
    const errors = all.filter((i) => i.severity === 'error').length;
    await expect.poll(() => s.page.getByTestId('issue-counts').textContent()).toBe(`${errors} lỗi · ${all.length - errors} cảnh báo`);
  });

  it('hides a warning kind from the list and the map; it stays hidden after a reload, and shows again', async () => {
    const s = session();
    const all = await issues(s.page);
    const dup = all.filter((i) => i.kind === 'duplicate-vertex').length;
    expect(dup).toBeGreaterThan(100);
    await openChecks(s.page);
    const group = s.page.getByRole('listitem', { name: 'Đỉnh trùng' });
    expect(await mapIssueKinds(s.page)).toContain('duplicate-vertex');
    await group.getByRole('button', { name: 'Ẩn loại này' }).click();
    await expect.poll(() => group.getByRole('button', { name: 'Hiện loại này' }).getAttribute('aria-pressed')).toBe('true');
    expect(await group.getByRole('list').count()).toBe(0);
    await expect.poll(() => s.page.getByTestId('issue-counts').textContent()).toContain(`(${dup} đang ẩn)`);
    await expect.poll(() => mapIssueKinds(s.page), { timeout: TIMEOUT }).not.toContain('duplicate-vertex');
    // The other kinds stay on the map (the overlap and the gap are errors: never hidden).
    expect(await mapIssueKinds(s.page)).toEqual(expect.arrayContaining(['overlap', 'gap']));
    await s.page.screenshot({ path: join(OUT_DIR, 'issues-kind-hidden.png') });
    // Written to IndexedDB, then a reload: still hidden, in the list and on the map.
    await expect.poll(() => storedHiddenKinds(s.page), { timeout: TIMEOUT }).toEqual(['duplicate-vertex']);
    await s.page.reload();
    await openApp(s.page, baseURL);
    await openChecks(s.page);
    const again = s.page.getByRole('listitem', { name: 'Đỉnh trùng' });
    await expect.poll(() => again.getByRole('button', { name: 'Hiện loại này' }).getAttribute('aria-pressed'), { timeout: TIMEOUT }).toBe('true');
    expect(await again.getByRole('list').count()).toBe(0);
    await expect.poll(() => mapIssueKinds(s.page), { timeout: TIMEOUT }).not.toContain('duplicate-vertex');
    expect(await mapIssueKinds(s.page)).toContain('overlap');
    // Shown again: the list and the map have them back, and that is stored too.
    await again.getByRole('button', { name: 'Hiện loại này' }).click();
    await expect.poll(() => again.getByRole('list').getByRole('listitem').count(), { timeout: TIMEOUT }).toBe(dup);
    await expect.poll(() => mapIssueKinds(s.page), { timeout: TIMEOUT }).toContain('duplicate-vertex');
    await expect.poll(() => storedHiddenKinds(s.page), { timeout: TIMEOUT }).toEqual([]);
  });

  it('explains a merger-consistency warning: what was compared, the share found, the threshold and the reference map', async () => {
    const s = session();
    const all = await issues(s.page);
    const merger = all.filter((i) => i.kind === 'merger-consistency');
    expect(merger.length).toBeGreaterThan(0);
    await openChecks(s.page);
    const group = s.page.getByRole('listitem', { name: 'Đối chiếu sáp nhập' });
    // The group's line says what is compared with what: the old communes the resolution names, on the
    // generalised 2008 map.
    const help = (await group.locator('.kind-help').textContent())!;
    expect(help).toContain('các xã cũ mà nghị quyết ghi là nguồn hình thành');
    expect(help).toContain('bản đồ xã cũ khoảng năm 2008');
    // One issue's detail: its own old commune, the share of it inside the new unit and the threshold,
    // as the issue's numbers say.
    const detail = await s.page.evaluate(() => {
      const i = (window as any).__diaGioi.editor.issues.get().find((x: any) => x.kind === 'merger-consistency');
      return { id: i.id, units: i.units.join(' / '), ...i.details };
    });
    const item = group.getByRole('listitem').filter({ hasText: detail.units }).first();
    await item.getByRole('button', { expanded: false }).click();
    const pct = (v: number) => `${Math.round(v * 100)} %`;
    const want = `Xã cũ: ${detail.oldName} — ${pct(detail.shareInside)} diện tích nằm trong đơn vị (ngưỡng ${pct(detail.threshold)}), theo bản đồ xã cũ năm ${detail.referenceYear}`;
    await expect.poll(() => item.textContent(), { timeout: TIMEOUT }).toContain(want);
    await s.page.screenshot({ path: join(OUT_DIR, 'issues-merger-explained.png') });
  });

  it('removes every repeated vertex only when asked: previewed on the map, one undo step, then none left', async () => {
    const s = session();
    const before = await issues(s.page);
    const dup = before.filter((i) => i.kind === 'duplicate-vertex');
    expect(dup.length).toBe(114);
    const loaded = await repeats(s.page);
    expect(loaded.vertices).toBeGreaterThan(0); // the data as loaded is not cleaned behind the user's back
    await openChecks(s.page);
    const group = s.page.getByRole('listitem', { name: 'Đỉnh trùng' });
    await group.getByRole('listitem').first().getByRole('button').first().click();
    const i0 = await historyIndex(s.page);
    await s.page.getByRole('group', { name: 'Cách xử lý' }).getByRole('button', { name: 'Xóa 714 đỉnh trùng trên toàn bộ bản đồ (cùng 474 đoạn ranh giới dài 0 m chúng tạo ra)', exact: true }).click();
    // Previewed: the vertices it removes are ringed on the map; nothing is changed yet.
    await s.page.waitForFunction(() => (window as any).__diaGioi.editor.preview.get() !== null, undefined, { timeout: TIMEOUT });
    await drawn(s.page, 'preview-point');
    expect(await historyIndex(s.page)).toBe(i0);
    expect(await repeats(s.page)).toEqual(loaded);
    await s.page.screenshot({ path: join(OUT_DIR, 'dedupe-preview.png') });
    await s.page.getByRole('button', { name: 'Áp dụng' }).click();
    await expect.poll(() => historyIndex(s.page), { timeout: TIMEOUT }).toBe(i0 + 1);
    await checksSettled(s.page);
    // No repeated vertex and no zero-length arc left; no duplicate-vertex warning; the same two errors.
    expect(await repeats(s.page)).toEqual({ vertices: 0, zeroArcs: 0 });
    const after = await issues(s.page);
    expect(after.filter((i) => i.kind === 'duplicate-vertex')).toEqual([]);
    expect(after.filter((i) => i.severity === 'error').map((i) => i.id).sort()).toEqual(before.filter((i) => i.severity === 'error').map((i) => i.id).sort());
    // One undo step brings the data back as it was loaded.
    await s.page.keyboard.press('Control+z');
    await expect.poll(() => historyIndex(s.page), { timeout: TIMEOUT }).toBe(i0);
    await checksSettled(s.page);
    expect(await repeats(s.page)).toEqual(loaded);
    expect((await issues(s.page)).filter((i) => i.kind === 'duplicate-vertex').length).toBe(114);
  }, 600_000);
});
