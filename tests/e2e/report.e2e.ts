// The boundary record of Thành Đông, printed to PDF in Chromium, and the province summary.
import { describe, expect, inject, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { coverageFromFeatures } from '../../src/core/model';
import { characteristicPoints } from '../../src/core/report/characteristic-points';
import { haiPhong } from '../helpers/data';
import { OUT_DIR, TIMEOUT } from './browser';
import { appPerTest, drawn, historyIndex, issues, screenOf, zoomTo } from './helpers';
import { arcUsage } from '../../src/core/model/arc-usage';

const baseURL = inject('baseURL');

describe('boundary record and province summary', () => {
  // Each test: a fresh profile, the app open and its checks run on the bundled data.
  const session = appPerTest(baseURL, (s) => issues(s.page));

  it('opens the record of Thành Đông with its characteristic points, adds a marker, and prints to PDF', async () => {
    const s = session();
    const nodes = characteristicPoints(coverageFromFeatures(haiPhong().features), '10507').length;
    await s.page.getByRole('list', { name: 'Danh sách đơn vị' }).getByRole('button', { name: /Thành Đông/ }).click();
    await s.page.getByRole('button', { name: 'Hồ sơ địa giới' }).click();
    const page = s.page.getByRole('article', { name: /Hồ sơ địa giới hành chính — Phường Thành Đông/ });
    await page.waitFor();
    const table = page.getByRole('region', { name: 'Bảng điểm đặc trưng' }).getByRole('table');
    await expect.poll(() => table.getByRole('row').count()).toBe(nodes + 1);
    // Every point has VN-2000 coordinates to the centimetre.
    const first = await table.getByRole('row').nth(1).getByRole('cell').allTextContents();
    expect(first[2]).toMatch(/^\d{7}\.\d{2}$/);
    expect(first[3]).toMatch(/^\d{6}\.\d{2}$/);
    const description = await page.getByRole('region', { name: 'Mô tả đường địa giới' }).textContent();
    expect(description).toContain('Từ điểm 1 theo ranh giới với');
    // Place a marker on the record map: it becomes a numbered point and is saved with the draft.
    // Click a tenth of the way from point 4 towards point 5 (they are 3.5 km apart along the border
    // with Lê Thanh Nghị): near the border, far from a node; the click snaps onto the border.
    const map = page.getByRole('img', { name: /Hồ sơ địa giới hành chính/ });
    const c4 = (await map.locator('circle').nth(3).boundingBox())!;
    const c5 = (await map.locator('circle').nth(4).boundingBox())!;
    await s.page.mouse.click(c4.x + c4.width / 2 + (c5.x - c4.x) * 0.1, c4.y + c4.height / 2 + (c5.y - c4.y) * 0.1);
    await expect.poll(() => s.page.evaluate(() => (window as any).__diaGioi.editor.coverage.get().units.get('10507').attrs.extra.markers?.length ?? 0)).toBe(1);
    await expect.poll(() => table.getByRole('row').count()).toBe(nodes + 2);
    expect((await table.textContent())!).toContain('Mốc M1');
    // The forms of Thông tư 48/2014: national heading, and one confirmation sheet per neighbour with
    // both units' signature blocks; Nam Sách's lists the one leg 1 → 2 of 8,847 m (GEOS: 8,846 m).
    expect(await page.textContent()).toContain('CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    const sheets = s.page.getByRole('article', { name: /Biên bản xác nhận mô tả đường địa giới hành chính giữa Phường Thành Đông/ });
    await expect.poll(() => sheets.count()).toBe(6);
    const namSach = s.page.getByRole('article', { name: /giữa Phường Thành Đông và Xã Nam Sách/ });
    const sheetText = (await namSach.textContent())!;
    expect(sheetText).toContain('Từ điểm 1 đến điểm 2');
    expect(sheetText).toContain('8.847');
    expect(sheetText).toContain('ĐẠI DIỆN UBND PHƯỜNG THÀNH ĐÔNG');
    expect(sheetText).toContain('ĐẠI DIỆN UBND XÃ NAM SÁCH');
    await s.page.emulateMedia({ media: 'print' });
    const pdf = await s.page.pdf({ format: 'A4', printBackground: true });
    await s.page.emulateMedia({ media: 'screen' });
    const path = join(OUT_DIR, 'record-thanh-dong.pdf');
    writeFileSync(path, pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(8); // the record, then six confirmation sheets
    await s.page.getByRole('button', { name: /Quay lại bản đồ/ }).click();
  });

  it('prints in the forms of Thông tư 48/2014: headings, title block, a map true to its scale bar and VN-2000 grid, legend, table, description, one signed sheet per neighbour', async () => {
    const s = session();
    await s.page.getByRole('list', { name: 'Danh sách đơn vị' }).getByRole('button', { name: /Thành Đông/ }).click();
    await s.page.getByRole('button', { name: 'Hồ sơ địa giới' }).click();
    const page = s.page.getByRole('article', { name: 'Hồ sơ địa giới hành chính — Phường Thành Đông' });
    await page.waitFor();
    // National heading: the two committees, the nation's name and motto.
    const heading = (await page.locator('.national-heading').textContent())!;
    for (const line of ['UBND THÀNH PHỐ HẢI PHÒNG', 'UBND PHƯỜNG THÀNH ĐÔNG', 'CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc']) expect(heading).toContain(line);
    // Title block: the title, code, type and the form it follows.
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Hồ sơ địa giới hành chính — Phường Thành Đông');
    const title = (await page.locator('header').textContent())!;
    expect(title).toContain('10507');
    expect(title).toContain('Phường');
    expect(title).toContain('Thông tư 48/2014/TT-BTNMT');
    // The point table: number, kind, VN-2000 X and Y to the centimetre, lon/lat.
    const table = page.getByRole('region', { name: 'Bảng điểm đặc trưng' }).getByRole('table');
    await expect.poll(() => table.getByRole('row').count(), { timeout: TIMEOUT }).toBeGreaterThan(3);
    const rows = (await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''))));
    const pts = rows.map((r) => ({ n: Number(r[0]), x: Number(r[2]), y: Number(r[3]) }));
    for (const r of rows) {
      expect(r[2]).toMatch(/^\d{7}\.\d{2}$/);
      expect(r[3]).toMatch(/^\d{6}\.\d{2}$/);
    }
    // The map: one circle per point, in order.
    const map = page.getByRole('img', { name: /Hồ sơ địa giới hành chính/ });
    const circles = await map.locator('circle').evaluateAll((cs) => cs.filter((c) => !c.closest('.report-map-legend')).map((c) => ({ x: Number(c.getAttribute('cx')), y: Number(c.getAttribute('cy')) })));
    expect(circles.length).toBe(pts.length);
    // Scale bar: its length in map units against its label, and against the two points farthest apart
    // (their VN-2000 distance over their distance on the map): the same metres per map unit within 1 %.
    const bar = await map.locator('.report-map-scale').evaluate((g) => ({
      units: [...g.querySelectorAll('rect')].reduce((sum, r) => sum + Number(r.getAttribute('width')), 0),
      label: g.querySelectorAll('text')[1]!.textContent!,
    }));
    const barM = /km$/.test(bar.label) ? Number(bar.label.replace(' km', '')) * 1000 : Number(bar.label.replace(' m', ''));
    expect(barM).toBeGreaterThan(0);
    let far = { d: 0, i: 0, j: 0 };
    for (let i = 0; i < pts.length; i++) for (let j = i + 1; j < pts.length; j++) {
      const d = Math.hypot(pts[i]!.x - pts[j]!.x, pts[i]!.y - pts[j]!.y);
      if (d > far.d) far = { d, i, j };
    }
    const onMap = Math.hypot(circles[far.i]!.x - circles[far.j]!.x, circles[far.i]!.y - circles[far.j]!.y);
    expect(Math.abs(far.d / onMap - barM / bar.units) / (barM / bar.units)).toBeLessThan(0.01);
    // North arrow: a shape pointing up, marked B (Bắc).
    const north = await map.locator('.report-map-north').evaluate((g) => ({ d: g.querySelector('path')!.getAttribute('d')!, text: g.textContent }));
    expect(north.text).toBe('B');
    expect(north.d.startsWith('M0 -18')).toBe(true);
    // VN-2000 grid: lines of easting (Y) and northing (X), labelled in km; every point lies on the side
    // of each line its coordinates say (points within 20 m of a line are not judged).
    const lines = await map.locator('.report-map-grid').evaluateAll((gs) =>
      gs.map((g) => ({ d: g.querySelector('path')!.getAttribute('d')!, label: g.querySelector('text')!.textContent! })),
    );
    const eastings = lines.filter((l) => l.label.startsWith('Y '));
    const northings = lines.filter((l) => l.label.startsWith('X '));
    expect(eastings.length).toBeGreaterThan(0);
    expect(northings.length).toBeGreaterThan(0);
    const ends = (d: string) => d.slice(1).split('L').map((p) => p.split(' ').map(Number) as [number, number]);
    const km = (label: string) => Number(label.slice(2).replace(' km', '')) * 1000;
    let judged = 0;
    for (const l of eastings) {
      const [a, b] = ends(l.d) as [[number, number], [number, number]];
      const e = km(l.label);
      pts.forEach((p, k) => {
        if (Math.abs(p.y - e) < 20) return;
        const c = circles[k]!;
        const xAt = a[0] + ((c.y - a[1]) / (b[1] - a[1])) * (b[0] - a[0]);
        expect(Math.sign(c.x - xAt), `point ${p.n} and ${l.label}`).toBe(Math.sign(p.y - e));
        judged++;
      });
    }
    for (const l of northings) {
      const [a, b] = ends(l.d) as [[number, number], [number, number]];
      const n = km(l.label);
      pts.forEach((p, k) => {
        if (Math.abs(p.x - n) < 20) return;
        const c = circles[k]!;
        const yAt = a[1] + ((c.x - a[0]) / (b[0] - a[0])) * (b[1] - a[1]);
        // North is up: a larger northing is higher on the map (a smaller y).
        expect(Math.sign(yAt - c.y), `point ${p.n} and ${l.label}`).toBe(Math.sign(p.x - n));
        judged++;
      });
    }
    expect(judged).toBeGreaterThan(pts.length);
    // Legend: the unit, its neighbours, points, markers and the grid, named.
    const legend = (await map.locator('.report-map-legend').textContent())!;
    for (const item of ['Đơn vị lập hồ sơ', 'Đơn vị giáp ranh', 'Điểm đặc trưng', 'Mốc địa giới', 'Lưới VN-2000']) expect(legend).toContain(item);
    // Description: from point 1 round the boundary, naming every point of the table.
    const description = (await page.getByRole('region', { name: 'Mô tả đường địa giới' }).textContent())!;
    expect(description).toContain('Từ điểm 1 theo ranh giới với');
    for (const p of pts) expect(description, `point ${p.n}`).toMatch(new RegExp(`điểm ${p.n}(?!\\d)`));
    // One confirmation sheet per neighbour in the record's list, each with the nation's heading, its
    // legs adding up to the shared border, and the signature blocks of both units.
    const neighbours = (await page.getByRole('region', { name: 'Đơn vị giáp ranh và chiều dài ranh giới chung' }).getByRole('listitem').allTextContents())
      .map((l) => /^(.+) \((\d{5})\): ([\d.]+) m/.exec(l))
      .filter((m) => m !== null)
      .map((m) => ({ name: m![1]!, metres: Number(m![3]!.replace(/\./g, '')) }));
    expect(neighbours.length).toBe(6);
    for (const n of neighbours) {
      const sheet = s.page.getByRole('article', { name: `Biên bản xác nhận mô tả đường địa giới hành chính giữa Phường Thành Đông và ${n.name}` });
      await expect.poll(() => sheet.count()).toBe(1);
      const text = (await sheet.textContent())!;
      expect(text).toContain('CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
      const legs = (await sheet.locator('tbody tr td.num').allTextContents()).map((t) => Number(t.replace(/\./g, '')));
      expect(legs.length).toBeGreaterThan(0);
      expect(Math.abs(legs.reduce((a, b) => a + b, 0) - n.metres)).toBeLessThanOrEqual(legs.length);
      const signers = await sheet.locator('.sheet-signatures strong').allTextContents();
      expect(signers).toEqual(['ĐẠI DIỆN UBND PHƯỜNG THÀNH ĐÔNG', `ĐẠI DIỆN UBND ${n.name.toLocaleUpperCase('vi')}`]);
      expect(await sheet.getByText('(Ký, ghi rõ họ tên, đóng dấu)').count()).toBe(2);
    }
    await page.screenshot({ path: join(OUT_DIR, 'record-first-page.png') });
    await s.page.getByRole('article', { name: /giữa Phường Thành Đông và Xã Nam Sách/ }).screenshot({ path: join(OUT_DIR, 'record-sheet-nam-sach.png') });
    await s.page.emulateMedia({ media: 'print' });
    writeFileSync(join(OUT_DIR, 'record-forms.pdf'), await s.page.pdf({ format: 'A4', printBackground: true }));
    await s.page.emulateMedia({ media: 'screen' });
  });

  it('after a transfer drawn with the mouse on the Nam Sách border, the record still agrees with GEOS', async () => {
    const s = session();
    // A 90 m square around the middle vertex of the longest Thành Đông–Nam Sách arc, taken from Nam Sách.
    const c = coverageFromFeatures(haiPhong().features);
    const users = arcUsage(c).unitsByArc;
    const arc = c.arcs
      .map((a, i) => ({ a, i }))
      .filter(({ i }) => users[i]!.includes('10507') && users[i]!.includes('10606'))
      .sort((x, y) => y.a.length - x.a.length)[0]!.a;
    const p = arc[Math.floor(arc.length / 2)]!;
    const d = 0.0004;
    const corners: [number, number][] = [[p[0] - d, p[1] - d], [p[0] + d, p[1] - d], [p[0] + d, p[1] + d], [p[0] - d, p[1] + d]];
    await s.page.getByRole('list', { name: 'Danh sách đơn vị' }).getByRole('button', { name: /Nam Sách/ }).click();
    await s.page.keyboard.press('t');
    await zoomTo(s.page, p, 16);
    await s.page.keyboard.down('Alt'); // corners placed freely, not snapped
    for (const q of corners) {
      const xy = await screenOf(s.page, q[0], q[1]);
      await s.page.mouse.click(xy.x, xy.y);
    }
    await s.page.keyboard.up('Alt');
    await s.page.keyboard.press('Enter');
    const form = s.page.getByRole('form', { name: 'Chuyển vùng đã vẽ sang' });
    await form.getByRole('combobox').selectOption('10507');
    const i0 = await historyIndex(s.page);
    await form.getByRole('button', { name: 'Áp dụng' }).click();
    await expect.poll(() => historyIndex(s.page)).toBeGreaterThan(i0);
    await s.page.getByRole('list', { name: 'Danh sách đơn vị' }).getByRole('button', { name: /Thành Đông/ }).click();
    await s.page.getByRole('button', { name: 'Hồ sơ địa giới' }).click();
    const page = s.page.getByRole('article', { name: /Hồ sơ địa giới hành chính — Phường Thành Đông/ });
    await page.waitFor();
    // GEOS 3.13 on the same edit (tests/core/report/record-vs-geos.test.ts): Nam Sách 8,930.6 m; the
    // other borders unchanged; six points, none outside the province.
    const table = page.getByRole('region', { name: 'Bảng điểm đặc trưng' }).getByRole('table');
    await expect.poll(() => table.getByRole('row').count()).toBe(7);
    expect(await table.textContent()).not.toContain('ngoài tỉnh');
    const namSach = s.page.getByRole('article', { name: /giữa Phường Thành Đông và Xã Nam Sách/ });
    const text = (await namSach.textContent())!;
    expect(text).toContain('Từ điểm 1 đến điểm 2');
    const metres = Number(/dài ([\d.]+) m/.exec(text)![1]!.replace(/\./g, ''));
    expect(Math.abs(metres - 8930.6) / 8930.6).toBeLessThan(0.005);
    // Every border in the record's list within 0.5 % of GEOS, and nothing else listed.
    const geos: Record<string, number> = { '10606': 8930.6, '10525': 5924.3, '10532': 3548.0, '10543': 2246.2, '10642': 1780.4, '10837': 814.7 };
    const list = (await page.getByRole('region', { name: 'Đơn vị giáp ranh và chiều dài ranh giới chung' }).getByRole('listitem').allTextContents()).map((l) => /\((\d{5})\): ([\d.]+) m/.exec(l));
    expect(list.every((m) => m !== null)).toBe(true);
    const lengths = Object.fromEntries(list.map((m) => [m![1]!, Number(m![2]!.replace(/\./g, ''))]));
    expect(Object.keys(lengths).sort()).toEqual(Object.keys(geos).sort());
    for (const [code, m] of Object.entries(geos)) expect(Math.abs(lengths[code]! - m) / m, code).toBeLessThan(0.005);
    await s.page.emulateMedia({ media: 'print' });
    writeFileSync(join(OUT_DIR, 'record-thanh-dong-after-transfer.pdf'), await s.page.pdf({ format: 'A4', printBackground: true }));
    await s.page.emulateMedia({ media: 'screen' });
  });

  it('lists merger-consistency findings (against the 2008 communes) among the checks', async () => {
    const s = session();
    await s.page.waitForFunction(() => (window as any).__diaGioi.editor.issues.get().some((i: any) => i.kind === 'merger-consistency'), undefined, { timeout: TIMEOUT });
    await s.page.getByRole('tab', { name: /Kiểm tra/ }).click();
    await s.page.getByRole('combobox', { name: 'Loại vấn đề' }).selectOption('merger-consistency');
    const items = s.page.getByRole('list', { name: 'Danh sách vấn đề' }).getByRole('listitem');
    // Polled: the list is filtered on the render after the selection.
    await expect.poll(() => items.count()).toBeGreaterThan(0);
    await expect.poll(() => items.first().textContent()).toContain('Đối chiếu sáp nhập');
    // Its detail says what was compared: the old commune, its share inside, the threshold, the map's year.
    const first = items.first().getByRole('list').getByRole('listitem').first();
    await first.getByRole('button', { expanded: false }).click();
    await expect.poll(() => first.textContent()).toMatch(/Xã cũ: .+ — \d+ % diện tích nằm trong đơn vị \(ngưỡng 50 %\), theo bản đồ xã cũ năm 2008/);
    await s.page.getByRole('tab', { name: 'Đơn vị' }).click();
    // A unit with several merger findings lists each one apart (by its old commune), not the same line twice.
    const unit = await s.page.evaluate(() => {
      const count = new Map<string, number>();
      for (const i of (window as any).__diaGioi.editor.issues.get()) if (i.kind === 'merger-consistency') count.set(i.unitIds[0], (count.get(i.unitIds[0]) ?? 0) + 1);
      return [...count].find(([, n]) => n >= 2)?.[0] ?? null;
    });
    expect(unit).not.toBeNull();
    await s.page.evaluate((id) => (window as any).__diaGioi.editor.select(id), unit);
    const own = s.page.getByRole('list', { name: 'Vấn đề của đơn vị' }).getByRole('listitem');
    await expect.poll(() => own.count()).toBeGreaterThan(1);
    const texts = await own.allTextContents();
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('shows every unit in the province summary, sorts it, and exports CSV for Excel', async () => {
    const s = session();
    await s.page.getByRole('button', { name: 'Tổng hợp toàn tỉnh' }).click();
    const view = s.page.getByRole('article', { name: 'Tổng hợp toàn tỉnh' });
    const table = view.getByRole('table');
    await expect.poll(() => table.getByRole('row').count()).toBe(115);
    const sort = view.getByRole('button', { name: 'Sắp xếp theo DT đo (km²)' });
    const header = view.locator('th', { has: s.page.getByRole('button', { name: 'Sắp xếp theo DT đo (km²)' }) });
    // Each click waits until the table shows it: the second click toggles the order the first one set.
    await sort.click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    await sort.click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
    // Polled: the rows are re-sorted on the render after the click.
    await expect.poll(async () => (await table.getByRole('row').nth(1).getByRole('cell').allTextContents())[1]).toBe('Đặc khu Cát Hải'); // the largest unit first when sorted descending
    const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.getByRole('button', { name: 'Xuất CSV' }).click()]);
    const path = join(OUT_DIR, download.suggestedFilename());
    await download.saveAs(path);
    const csv = readFileSync(path, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.split('\r\n').filter((l) => l !== '').length).toBe(115);
    expect(csv).toContain('Phường Thành Đông');
  });

  it('names the units of the next province across the province border, on the map, in the panel and the record', async () => {
    const s = session();
    // Trần Nhân Tông (10573) lies on the Quảng Ninh border: its record computed in Node from the bundled
    // files with GEOS's lengths checked in tests/core/report/record-vs-geos.test.ts.
    await s.page.waitForFunction(() => (window as any).__diaGioi.editor.neighbourProvinces.get().status === 'ready', undefined, { timeout: TIMEOUT });
    await s.page.getByRole('list', { name: 'Danh sách đơn vị' }).getByRole('button', { name: /Trần Nhân Tông/ }).click();
    const neighbours = s.page.getByRole('list', { name: 'Đơn vị giáp ranh' });
    await expect.poll(() => neighbours.textContent()).toContain('Phường An Sinh, tỉnh Quảng Ninh');
    // A unit of another province is named, not a button that would select it.
    expect(await neighbours.getByRole('button', { name: /An Sinh/ }).count()).toBe(0);
    await drawn(s.page, 'context-fill');
    await s.page.screenshot({ path: join(OUT_DIR, 'neighbour-provinces.png') });
    await s.page.getByRole('button', { name: 'Hồ sơ địa giới' }).click();
    const page = s.page.getByRole('article', { name: /Hồ sơ địa giới hành chính — Phường Trần Nhân Tông/ });
    await page.waitFor();
    const borders = (await page.getByRole('region', { name: 'Đơn vị giáp ranh và chiều dài ranh giới chung' }).textContent())!;
    expect(borders).toContain('Phường An Sinh, tỉnh Quảng Ninh (07090): 14.786 m');
    expect(borders).toContain('Phường Đông Triều, tỉnh Quảng Ninh');
    expect(borders).not.toContain('Ranh giới không giáp');
    const description = (await page.getByRole('region', { name: 'Mô tả đường địa giới' }).textContent())!;
    expect(description).toContain('theo ranh giới với Phường An Sinh, tỉnh Quảng Ninh');
    expect(description).not.toContain('ranh giới ngoài của tỉnh');
    const sheet = s.page.getByRole('article', { name: /giữa Phường Trần Nhân Tông và Phường An Sinh, tỉnh Quảng Ninh/ });
    await expect.poll(() => sheet.count()).toBe(1);
    await s.page.emulateMedia({ media: 'print' });
    const pdf = await s.page.pdf({ format: 'A4', printBackground: true });
    await s.page.emulateMedia({ media: 'screen' });
    writeFileSync(join(OUT_DIR, 'record-tran-nhan-tong.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
