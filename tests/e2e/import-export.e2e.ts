// Import a neighbour's file by drag-and-drop, review it, export for submission, read the file back.
import { describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { haiPhong } from '../helpers/data';
import { OUT_DIR, type Session } from './browser';
import { appPerTest, checksSettled, drawn, historyIndex, issues, longestStall, startStallProbe } from './helpers';

const baseURL = inject('baseURL');

/** Thành Đông's neighbour Nam Sách as a neighbour would send it: one border vertex 3 cm off. */
function neighbourFile(): string {
  const f = structuredClone(haiPhong().features.find((x) => x.properties.code === '10606')!);
  const g = f.geometry;
  const ring = (g.type === 'Polygon' ? g.coordinates : g.coordinates[0]!)[0]!;
  const k = Math.floor(ring.length / 3);
  ring[k] = [ring[k]![0]! + 3e-7, ring[k]![1]!];
  return JSON.stringify({ type: 'FeatureCollection', features: [f] });
}

async function drop(s: Session, name: string, text: string): Promise<void> {
  await s.page.evaluate(
    ([fileName, content]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([content!], fileName!, { type: 'application/geo+json' }));
      const target = document.querySelector('.app')!;
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    [name, text],
  );
}

describe('import and export', () => {
  // Each test: a fresh profile, the app open and its checks run on the bundled data.
  const session = appPerTest(baseURL, (s) => issues(s.page));

  it('imports a neighbour file by drag-and-drop, shows the comparison, applies it as one undo step', async () => {
    const s = session();
    const stepsBefore = await historyIndex(s.page);
    await drop(s, 'nam-sach.geojson', neighbourFile());
    const dialog = s.page.getByRole('dialog', { name: 'Nhập ranh giới' });
    await dialog.waitFor();
    const row = dialog.getByRole('row', { name: '10606' });
    await row.waitFor();
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells[0]).toBe('10606');
    expect(cells[4]).toMatch(/ m²$/); // area difference
    expect(cells[5]).toMatch(/^0,0\d m$/); // largest distance ≈ 3 cm
    await dialog.getByRole('spinbutton', { name: 'Bắt dính ranh giới trong phạm vi (m)' }).fill('0.1');
    await dialog.getByRole('button', { name: 'Xem trước trên bản đồ' }).click();
    // The screenshot shows the preview: wait until the map has drawn it.
    await drawn(s.page, 'preview-fill');
    await s.page.screenshot({ path: join(OUT_DIR, 'import-preview.png') });
    await dialog.getByRole('button', { name: /Áp dụng vào bản nháp/ }).click();
    // Applied once the history has moved (then its checks are awaited); exactly one step is checked below.
    await expect.poll(() => historyIndex(s.page)).not.toBe(stepsBefore);
    await checksSettled(s.page);
    const stepsAfter = await historyIndex(s.page);
    expect(stepsAfter).toBe(stepsBefore + 1);
    // Snapped within 0.1 m: still neighbours, no new overlap or gap.
    const all = await issues(s.page);
    expect(all.filter((i) => i.severity === 'error').length).toBe(2);
  });

  it('a whole-province file is applied in the import worker: every unit moved, one undo step', async () => {
    const s = session();
    // Every unit of the province 2 m east, as a surveyor's re-projected file might be.
    const fc = structuredClone(haiPhong());
    const dx = 2 / 104_500; // ≈ 2 m at 20.8° N
    for (const f of fc.features) {
      const g = f.geometry;
      const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
      for (const rings of polys) for (const ring of rings) for (const p of ring) p[0] = p[0]! + dx;
    }
    const stepsBefore = await historyIndex(s.page);
    // The province's westmost longitude: every vertex moves, so it moves by dx.
    const probe = () => s.page.evaluate(() => {
      const c = (window as any).__diaGioi.editor.coverage.get();
      let min = Infinity;
      for (const a of c.arcs) for (const p of a) min = Math.min(min, p[0]);
      return min;
    });
    const x0 = await probe();
    // The page's longest stall while the file is compared, previewed and applied.
    await startStallProbe(s.page);
    await drop(s, 'hai-phong-dich-2m.geojson', JSON.stringify(fc));
    const dialog = s.page.getByRole('dialog', { name: 'Nhập ranh giới' });
    await dialog.getByRole('row', { name: '10606' }).waitFor({ timeout: 120_000 });
    await dialog.getByRole('button', { name: 'Xem trước trên bản đồ' }).click();
    await drawn(s.page, 'preview-fill');
    await dialog.getByRole('button', { name: /Áp dụng vào bản nháp/ }).click();
    await expect.poll(() => historyIndex(s.page), { timeout: 120_000 }).not.toBe(stepsBefore);
    const stall = await longestStall(s.page);
    console.log(`whole-province apply: longest main-thread stall ${Math.round(stall)} ms`);
    expect(await historyIndex(s.page)).toBe(stepsBefore + 1);
    expect((await probe()) - x0).toBeCloseTo(dx, 9);
    expect(await dialog.isVisible()).toBe(false);
    await s.page.evaluate(() => (window as any).__diaGioi.editor.undo());
    expect(await probe()).toBe(x0);
  });

  it('a file that is not GeoJSON is refused with a message naming it, and nothing changes', async () => {
    const s = session();
    const before = await historyIndex(s.page);
    await drop(s, 'hong.geojson', '{"type": "FeatureCollection", "features": [ {"type": "Feature", "geometry": {"type": "Point"');
    const dialog = s.page.getByRole('dialog', { name: 'Nhập ranh giới' });
    const alert = dialog.getByRole('alert');
    // The message proves the file was read and refused: only then is "nothing changed" worth checking.
    await alert.waitFor();
    expect(await alert.textContent()).toContain('hong.geojson');
    expect(await alert.textContent()).toContain('không phải JSON hợp lệ');
    await dialog.getByRole('button', { name: 'Đóng' }).click();
    expect(await historyIndex(s.page)).toBe(before);
  });

  it('the export gate lists the errors left and opens when each is an exception', async () => {
    const s = session();
    await s.page.getByRole('button', { name: 'Xuất tệp' }).click();
    const dialog = s.page.getByRole('dialog', { name: 'Xuất tệp nộp' });
    const gate = dialog.getByRole('alert', { name: 'Còn lỗi chưa xử lý' });
    await gate.waitFor();
    expect(await gate.getByRole('listitem').count()).toBe(2);
    expect(await dialog.getByRole('button', { name: 'Tải xuống' }).isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Đóng' }).click();
    // Record both as exceptions with reasons, through the engine (the panel flow is tested elsewhere).
    await s.page.evaluate(() => {
      const e = (window as any).__diaGioi.editor;
      for (const i of e.issues.get().filter((x: any) => x.severity === 'error')) e.review(i.id, 'exception', 'Đã thống nhất với xã giáp ranh');
    });
    await s.page.getByRole('button', { name: 'Xuất tệp' }).click();
    await dialog.getByText('Không còn lỗi chưa xử lý.').waitFor();
    // A VN-2000 format says which grid and datum shift it uses; the warning about EPSG:5194 is for the
    // south only (tests/io/province-exports.test.ts checks where GDAL takes it), not for Hải Phòng.
    const formatSelect = dialog.getByRole('combobox', { name: 'Định dạng' });
    await formatSelect.selectOption({ label: 'Shapefile .zip (VN-2000)' });
    const note = dialog.getByText(/Tọa độ ghi theo VN-2000 \/ TM-3 105-45 \(EPSG:9210\), đổi từ WGS 84 bằng tham số của QĐ 05\/2007/);
    await note.waitFor();
    expect(await note.textContent()).not.toContain('EPSG:5194');
    await formatSelect.selectOption({ label: 'GeoJSON nộp tỉnh (RFC 7946, WGS84)' });
    await note.waitFor({ state: 'detached' });
    const [download] = await Promise.all([s.page.waitForEvent('download'), dialog.getByRole('button', { name: 'Tải xuống' }).click()]);
    const name = download.suggestedFilename();
    expect(name).toMatch(/^31_Hai_Phong_\d{4}-\d{2}-\d{2}\.geojson$|^31_.*\.geojson$/);
    const path = join(OUT_DIR, name);
    await download.saveAs(path);
    const fc = JSON.parse(readFileSync(path, 'utf8'));
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(114);
    expect(fc.exceptions).toHaveLength(2);
    expect(fc.exceptions[0].reason).toBe('Đã thống nhất với xã giáp ranh');
    expect(fc.checkSummary.errors).toBe(2);
    const td = fc.features.find((f: any) => f.properties.maxa === '10507');
    expect(td.properties).toMatchObject({ matinh: '31', tenhc: 'Phường Thành Đông', loai: 'Phường', cancu: '1669/NQ-UBTVQH15' });
    expect(td.properties.truocsapnhap).toContain('Phường Cẩm Thượng');
    // RFC 7946: at most 7 decimals.
    const first = td.geometry.coordinates[0][0][0];
    expect(String(first[0]).split('.')[1]!.length).toBeLessThanOrEqual(7);
  });
});
