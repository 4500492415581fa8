// Drag benchmark: frame times while dragging a vertex on a shared border of Hải Phòng in headless
// Chromium (requestAnimationFrame deltas during the drag). Prints median and p95; asserts nothing.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execSync } from 'node:child_process';
import { preview } from 'vite';
import { coverageFromFeatures, neighboursOf } from '../../src/core/model';
import { haiPhong, ROOT } from '../helpers/data';
import { benchGl, openSession } from '../e2e/browser';
import { openApp, screenOf } from '../e2e/helpers';

if (!existsSync(join(ROOT, 'dist', 'index.html'))) execSync('npx vite build --mode e2e', { cwd: ROOT, stdio: 'ignore' }); // the e2e build has the test hook
const c = coverageFromFeatures(haiPhong().features);
const n = neighboursOf(c, '10507').find((x) => x.arcs.some((a) => c.arcs[a]!.length >= 8))!;
const arc = c.arcs[n.arcs.find((a) => c.arcs[a]!.length >= 8)!]!;
const v = arc[Math.floor(arc.length / 2)]!;

const port = 4339;
const server = await preview({ root: ROOT, logLevel: 'silent', preview: { host: '127.0.0.1', port, strictPort: true, open: false } });
const s = await openSession({ args: benchGl().args });
try {
  await openApp(s.page, `http://127.0.0.1:${port}/`);
  await s.page.getByRole('list', { name: 'Danh sách đơn vị' }).getByRole('button', { name: /Thành Đông/ }).click();
  await s.page.getByRole('button', { name: 'Sửa đỉnh' }).click();
  await s.page.waitForTimeout(1000);
  const renders: number[] = [];
  const measure = async (x: number, y: number): Promise<number[]> => {
  // A string, not a function: tsx names inner functions with a helper the page does not have.
  await s.page.evaluate(`(() => {
    window.__frames = [];
    window.__stop = false;
    window.__renders = 0;
    const m = window.__diaGioi.map().map;
    if (!window.__hooked) { window.__hooked = true; m.on('render', () => { window.__renders++; }); }
    let last = performance.now();
    const tick = (t) => { window.__frames.push(t - last); last = t; if (!window.__stop) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  await s.page.mouse.move(x, y);
  await s.page.mouse.down();
  for (let i = 1; i <= 120; i++) await s.page.mouse.move(x + (i % 40) - 20, y + ((i * 7) % 30) - 15);
  await s.page.mouse.up();
  const out = (await s.page.evaluate('(() => { window.__stop = true; return window.__frames.slice(2); })()')) as number[];
  renders.push((await s.page.evaluate('window.__renders')) as number);
  return out;
  };
  const from = await screenOf(s.page, v[0], v[1]);
  const drag = await measure(from.x, from.y);
  await s.page.keyboard.press('Escape');
  await s.page.getByRole('button', { name: 'Chọn' }).click();
  // Baseline in the same run: panning the map (maplibre alone redraws every frame).
  const box = (await s.page.locator('[data-testid="map"]').boundingBox())!;
  const pan = await measure(box.x + box.width * 0.8, box.y + box.height * 0.8);
  const stats = (frames: number[]) => {
    const sorted = [...frames].sort((a, b) => a - b);
    const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
    return `| ${frames.length} | ${q(0.5).toFixed(1)} ms | ${q(0.95).toFixed(1)} ms | ${(1000 / q(0.5)).toFixed(0)} |`;
  };
  console.log(`\nFrame times in headless Chromium (${benchGl().label}), same run`);
  console.log('| gesture | frames | median frame | p95 frame | median fps |');
  console.log('|---|---|---|---|---|');
  console.log(`| drag a shared-border vertex of Thành Đông ${stats(drag)}`);
  console.log(`| pan the map (baseline) ${stats(pan)}`);
  console.log(`GL map renders during the gesture: drag ${renders[0]}, pan ${renders[1]}`);
} finally {
  await s.close();
  await server.close();
}
