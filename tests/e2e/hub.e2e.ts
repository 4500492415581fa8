// The province hub end to end: a real PostgreSQL (a throwaway cluster), the hub as its own process
// serving the built app, and headless Chromium as two neighbouring wards of Hải Phòng. A border goes
// from one ward's proposal, through the other's counter made offline, to an agreement that becomes the
// province's next revision and both drafts' border; the hub is killed in the middle of a sync and
// nothing is lost or applied twice.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCluster, type LocalCluster } from '../../src/server/db/local-cluster';
import { migrate } from '../../src/server/db/migrate';
import { createPool, type Db } from '../../src/server/db/pool';
import { loadProvince } from '../../src/server/load-province';
import { insertAccount } from '../../src/server/db/accounts';
import { hashPassword } from '../../src/server/auth/passwords';
import { OUT_DIR, openSession, TIMEOUT, type Session } from './browser';
import { PORT } from './global-setup';

const ROOT = join(import.meta.dirname, '..', '..');
// Beside the suite's own preview server, never on it.
const HUB_PORT = PORT + 61;
const HUB = `http://127.0.0.1:${HUB_PORT}/`;
const PASSWORD = 'e2e-ward-password';

let folder: string;
let cluster: LocalCluster;
let db: Db;
let databaseUrl: string;
let hub: ChildProcess | null = null;
let hubLog = '';
/** The border the wards agree: the longest between two units of revision 1. */
let border: { id: number; unitA: string; unitB: string; coordinates: number[][] };

async function startHub(): Promise<void> {
  hubLog = '';
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'server', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, HUB_HOST: '127.0.0.1', HUB_PORT: String(HUB_PORT), HUB_APP_DIR: join(ROOT, 'dist') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (hubLog += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (hubLog += d.toString()));
  hub = child;
  // Up when it answers: /api/me without a session is a 401 in JSON. (expect.poll works in tests only;
  // this runs in beforeAll too.)
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the hub exited with ${child.exitCode}:\n${hubLog}`);
    const status = await fetch(`${HUB}api/me`).then((r) => r.status, () => 0);
    if (status === 401) return;
    if (Date.now() > deadline) throw new Error(`the hub did not answer within 120 s:\n${hubLog}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function killHub(): Promise<void> {
  const child = hub;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
  hub = null;
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'dia-gioi-hub-e2e-'));
  cluster = await startLocalCluster(folder);
  const admin = new pg.Client({ connectionString: cluster.url('postgres') });
  await admin.connect();
  await admin.query('CREATE DATABASE hub_e2e');
  await admin.end();
  databaseUrl = cluster.url('hub_e2e');
  db = createPool(databaseUrl);
  const client = await db.connect();
  try {
    await migrate(client);
  } finally {
    client.release();
  }
  await loadProvince(db, '31');
  const { rows } = await db.query<{ id: number; unit_a: string; unit_b: string; geometry: string }>(
    `SELECT id, unit_a, unit_b, ST_AsGeoJSON(geom, 15) AS geometry FROM borders
      WHERE province_code = '31' AND revision = 1 AND unit_b IS NOT NULL AND ST_NPoints(geom) BETWEEN 12 AND 60
      ORDER BY ST_Length(geom::geography) DESC, id LIMIT 1`,
  );
  const r = rows[0]!;
  border = { id: r.id, unitA: r.unit_a, unitB: r.unit_b, coordinates: (JSON.parse(r.geometry) as { coordinates: number[][] }).coordinates };
  const hash = await hashPassword(PASSWORD);
  for (const [login, unit] of [['ward-a', border.unitA], ['ward-b', border.unitB]] as const) {
    await insertAccount(db, { login, passwordHash: hash, role: 'ward', provinceCode: '31', unitCode: unit, createdBy: null });
  }
  await insertAccount(db, { login: 'reviewer', passwordHash: hash, role: 'reviewer', provinceCode: '31', unitCode: null, createdBy: null });
  await startHub();
});

afterAll(async () => {
  await killHub();
  await db?.end();
  await cluster?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** A ward's browser on a fresh profile, the app opened from the hub (Hải Phòng) and signed in. */
async function ward(login: string): Promise<Session> {
  const s = await openSession();
  await s.page.goto(`${HUB}?province=31`);
  await s.page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: TIMEOUT });
  await s.page.getByRole('button', { name: /Máy chủ tỉnh/ }).click();
  const panel = s.page.locator('dialog.hub-panel');
  await panel.locator('input[name="login"]').fill(login);
  await panel.locator('input[name="password"]').fill(PASSWORD);
  await panel.getByRole('button', { name: 'Đăng nhập' }).click();
  // Signed in and synced once (the borders and proposals are in).
  await panel.getByText(/Đồng bộ lần cuối/).waitFor();
  return s;
}

const row = (page: Page, id = border.id) => page.locator(`dialog.hub-panel tr[data-border="${id}"]`);
const stateOf = (page: Page, id = border.id) => row(page, id).getAttribute('data-state');

/** Moves the border's middle vertex in the page's draft (as the vertex form does), `dx`/`dy` degrees. */
async function moveMiddle(page: Page, dx: number, dy: number): Promise<void> {
  const at = border.coordinates[Math.floor(border.coordinates.length / 2)]!;
  const ok = await page.evaluate(({ x, y, dx, dy }) => {
    type Editor = { coverage: { get(): { arcs: number[][][] } }; activeVertex: { set(v: unknown): void }; moveActiveVertex(to: number[]): boolean };
    const editor = (window as unknown as { __diaGioi: { editor: Editor } }).__diaGioi.editor;
    const arcs = editor.coverage.get().arcs;
    for (let arc = 0; arc < arcs.length; arc++) {
      const index = arcs[arc]!.findIndex((p) => p[0] === x && p[1] === y);
      if (index > 0 && index < arcs[arc]!.length - 1) {
        editor.activeVertex.set({ arc, index });
        return editor.moveActiveVertex([x + dx, y + dy]);
      }
    }
    return false;
  }, { x: at[0]!, y: at[1]!, dx, dy });
  expect(ok).toBe(true);
}

/**
 * The page logged nothing but the browser's own line for each request that found no network or no hub
 * (offline, the hub killed), and for the 401 of asking who is signed in before signing in: the app
 * handles those (the panel says so), they are not faults.
 */
function expectNoFault(s: Session): void {
  expect(s.blocked).toEqual([]);
  const expected = /^Failed to load resource: (net::ERR_(INTERNET_DISCONNECTED|CONNECTION_REFUSED)|the server responded with a status of 401 \(Unauthorized\))$/;
  expect(s.errors.filter((e) => !expected.test(e))).toEqual([]);
}

async function count(sql: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>(sql);
  return Number(rows[0]!.n);
}

describe('two wards agree a border through the hub', () => {
  it('propose, counter offline, accept: the next revision and both drafts hold the agreed course', async () => {
    const audited = () => count(`SELECT count(*) AS n FROM audit_log WHERE outcome = 'ok' AND action IN ('proposals.create', 'decisions.create')`);
    const auditedBefore = await audited();
    const a = await ward('ward-a');
    const b = await ward('ward-b');
    try {
      expect(await stateOf(a.page)).toBe('untouched');
      // Ward A moves the border 20 m in its draft and proposes it.
      await moveMiddle(a.page, 0.0002, 0);
      const aRow = row(a.page);
      // Markup in a note is text, never markup, on the other ward's screen.
      await aRow.getByPlaceholder('Ghi chú (không bắt buộc)').fill('theo mép kênh <img src=x onerror="document.title=1">');
      await aRow.getByRole('button', { name: 'Đề xuất theo bản nháp' }).click();
      await expect.poll(() => stateOf(a.page)).toBe('waiting');
      expect(await count(`SELECT count(*) AS n FROM proposals WHERE border_id = ${border.id}`)).toBe(1);

      // Ward B sees it after a sync, with the land it moves, and goes offline.
      await b.page.locator('dialog.hub-panel').getByRole('button', { name: 'Đồng bộ' }).click();
      await expect.poll(() => stateOf(b.page)).toBe('to-answer');
      await expect(row(b.page).locator('.hub-change').textContent()).resolves.toMatch(/Diện tích chuyển: [\d.,]+ m²/);
      await expect(row(b.page).locator('.hub-note').textContent()).resolves.toContain('theo mép kênh <img src=x onerror="document.title=1">');
      expect(await row(b.page).locator('img').count()).toBe(0);
      // What the neighbour sees: the proposal beside the current border on the map, and the panel.
      await row(b.page).getByRole('button', { name: 'Xem trên bản đồ' }).click();
      await b.page.screenshot({ path: join(OUT_DIR, 'hub-to-answer.png') });
      await b.context.setOffline(true);
      // Offline, B draws its own course (10 m the other way) and counters: kept on the device.
      await moveMiddle(b.page, -0.0001, 0);
      await row(b.page).getByRole('button', { name: 'Đề xuất lại theo bản nháp' }).click();
      await expect.poll(() => stateOf(b.page)).toBe('queued');
      await b.page.locator('.hub-offline').waitFor();
      await b.page.locator('.hub-pending').getByText('1 thao tác chờ gửi').waitFor();
      expect(await count(`SELECT count(*) AS n FROM proposals WHERE border_id = ${border.id}`)).toBe(1);

      // Back online: the counter reaches the hub once.
      await b.context.setOffline(false);
      await b.page.locator('dialog.hub-panel').getByRole('button', { name: 'Đồng bộ' }).click();
      await expect.poll(() => stateOf(b.page)).toBe('waiting');
      expect(await count(`SELECT count(*) AS n FROM proposals WHERE border_id = ${border.id}`)).toBe(2);

      // A sees the counter and accepts it: revision 2 runs the border along B's course.
      await a.page.locator('dialog.hub-panel').getByRole('button', { name: 'Đồng bộ' }).click();
      await expect.poll(() => stateOf(a.page)).toBe('to-answer');
      await row(a.page).getByRole('button', { name: 'Đồng ý' }).click();
      await expect.poll(() => count(`SELECT max(number) AS n FROM revisions WHERE province_code = '31'`)).toBe(2);
      const { rows } = await db.query<{ id: number; geometry: string }>(
        `SELECT id, ST_AsGeoJSON(geom, 15) AS geometry FROM borders WHERE province_code = '31' AND revision = 2
          AND unit_a = $1 AND unit_b = $2 AND ST_Intersects(geom, ST_Buffer(ST_SetSRID(ST_MakePoint($3, $4), 4326), 0.0003))`,
        [border.unitA, border.unitB, border.coordinates[Math.floor(border.coordinates.length / 2)]![0]! - 0.0001, border.coordinates[Math.floor(border.coordinates.length / 2)]![1]!],
      );
      expect(rows).toHaveLength(1);
      const agreed = rows[0]!;

      // A's draft still has its own course: it takes the province's, and the row says agreed.
      await expect.poll(() => stateOf(a.page, agreed.id)).toBe('agreed');
      await row(a.page, agreed.id).getByRole('button', { name: 'Đưa đường của tỉnh vào bản nháp' }).click();
      await expect.poll(() => row(a.page, agreed.id).getByRole('button', { name: 'Đưa đường của tỉnh vào bản nháp' }).count()).toBe(0);
      // B's draft already runs along it.
      await b.page.locator('dialog.hub-panel').getByRole('button', { name: 'Đồng bộ' }).click();
      await expect.poll(() => stateOf(b.page, agreed.id)).toBe('agreed');
      expect(await row(b.page, agreed.id).getByRole('button', { name: 'Đưa đường của tỉnh vào bản nháp' }).count()).toBe(0);

      // Every accepted change is in the audit log.
      expect(await audited()).toBe(auditedBefore + 3);

      // The confirmation sheet of the agreed border, with both agreements, ready to print.
      await row(a.page, agreed.id).getByRole('button', { name: 'In biên bản' }).click();
      const sheet = a.page.locator('article.hub-agreement');
      await sheet.waitFor();
      const course = (JSON.parse(agreed.geometry) as { coordinates: number[][] }).coordinates;
      await expect.poll(() => sheet.locator('tbody tr').count()).toBe(course.length);
      await expect(sheet.textContent()).resolves.toMatch(/Đề xuất: .*ward-b.*Đồng ý: .*ward-a/s);
      await a.page.screenshot({ path: join(OUT_DIR, 'hub-agreement-sheet.png'), fullPage: true });
      await a.page.getByRole('button', { name: /Quay lại bản đồ/ }).click();

      // A submits its unit; the reviewer sees it waiting, accepts it, and the dashboard changes.
      await a.page.getByRole('button', { name: /Máy chủ tỉnh/ }).click();
      await a.page.getByRole('button', { name: 'Nộp ranh giới của đơn vị để duyệt' }).click();
      await a.page.locator(`dialog.hub-panel tr[data-unit="${border.unitA}"][data-submission="pending"]`).waitFor();
      const r = await ward('reviewer');
      try {
        await r.page.getByRole('button', { name: 'Xem tiến độ' }).click();
        const unitRow = r.page.locator(`dialog.hub-panel tr[data-unit="${border.unitA}"]`);
        await expect.poll(() => unitRow.getAttribute('data-submission')).toBe('pending');
        await expect(r.page.locator('.hub-totals').textContent()).resolves.toMatch(/[1-9]\d* đã thống nhất/);
        // The border the wards agreed is listed as agreed, with both units.
        const listed = r.page.locator(`dialog.hub-panel tr[data-province-border="${agreed.id}"]`);
        await expect(listed.getAttribute('data-status')).resolves.toBe('agreed');
        await r.page.locator('.hub-reviews li').filter({ hasText: 'ward-a' }).getByRole('button', { name: 'Duyệt' }).click();
        await expect.poll(() => unitRow.getAttribute('data-submission')).toBe('accepted');
        await r.page.screenshot({ path: join(OUT_DIR, 'hub-reviewer.png') });
        expectNoFault(r);
      } finally {
        await r.close();
      }
      expectNoFault(a);
      expectNoFault(b);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('keeps a proposal made while the hub is down and sends it once when it is back', async () => {
    const a = await ward('ward-a');
    try {
      const latest = await count(`SELECT max(number) AS n FROM revisions WHERE province_code = '31'`);
      const target = await db.query<{ id: number }>(
        // A border of ward A that nobody proposed on and that still runs as loaded (so the fresh draft,
        // made from the bundled data, gives it the same course).
        `SELECT b.id FROM borders b WHERE b.province_code = '31' AND b.revision = $1 AND b.unit_b IS NOT NULL AND (b.unit_a = $2 OR b.unit_b = $2)
            AND b.id <> ALL(SELECT border_id FROM proposals)
            AND EXISTS (SELECT 1 FROM borders o WHERE o.province_code = '31' AND o.revision = 1 AND ST_Equals(o.geom, b.geom))
          ORDER BY b.id LIMIT 1`,
        [latest, border.unitA],
      );
      const id = target.rows[0]!.id;
      const before = await count('SELECT count(*) AS n FROM proposals');
      await killHub();
      await row(a.page, id).getByRole('button', { name: 'Xác nhận như hiện tại' }).click();
      await a.page.locator('.hub-offline').waitFor();
      await expect.poll(() => stateOf(a.page, id)).toBe('queued');
      await startHub();
      await a.page.locator('dialog.hub-panel').getByRole('button', { name: 'Đồng bộ' }).click();
      await expect.poll(() => stateOf(a.page, id)).toBe('waiting');
      expect(await count('SELECT count(*) AS n FROM proposals')).toBe(before + 1);
      // A second sync sends nothing again.
      await a.page.locator('dialog.hub-panel').getByRole('button', { name: 'Đồng bộ' }).click();
      await expect.poll(() => a.page.locator('dialog.hub-panel .hub-sync').isEnabled()).toBe(true);
      expect(await count('SELECT count(*) AS n FROM proposals')).toBe(before + 1);
      expectNoFault(a);
    } finally {
      await a.close();
    }
  });
});
