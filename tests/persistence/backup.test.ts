import { describe, expect, it } from 'vitest';
import { perform } from '../../src/core/history/history';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION } from '../../src/persistence/backup';
import type { DexieDraftStore } from '../../src/persistence/draft-store';
import { addUnitEdit, countWrites, moveEdit, plain, quotaError, storeFor, tinyCoverage, uniqueDbName } from './helpers';

async function workspace(label: string) {
  const store = storeFor(uniqueDbName(label));
  const draft = await store.create({ name: 'Hải Phòng nháp', province: '31', dataVersion: 't', base: tinyCoverage() });
  const o = await store.open(draft.id);
  let h = perform(o.history, moveEdit(0, -0.3, -0.3), 'move-vertex');
  h = perform(h, addUnitEdit('N1', 10), 'add-unit');
  o.session.record(h);
  o.session.setReview('overlap:a+b', { status: 'resolved', reason: 'ok', author: 'an', time: 9 });
  await o.session.close();
  const version = await store.saveVersion(draft.id, 'before review', h.steps[1]!.coverage);
  await store.setSetting('tolerance', 0.1);
  return { store, draft, history: h, version };
}

/** Every row of every table, to show that a refused import changed nothing. */
async function dump(store: DexieDraftStore): Promise<unknown> {
  const out: Record<string, unknown> = {};
  for (const t of store.db.tables) out[t.name] = await t.toArray();
  return out;
}

const blob = (text: string) => new Blob([text], { type: 'application/json' });

describe('backup', () => {
  it('exports the whole workspace and imports it into an empty one', async () => {
    const { store, draft, history } = await workspace('export');
    const file = await store.exportBackup();
    const text = await file.text();
    expect(text.startsWith(`{"format":"${BACKUP_FORMAT}","formatVersion":${BACKUP_FORMAT_VERSION},`)).toBe(true);

    const target = storeFor(uniqueDbName('import'));
    expect(await target.importBackup(file)).toMatchObject({ ok: true, drafts: 1 });
    const [d] = await target.list();
    expect(d!.name).toBe('Hải Phòng nháp');
    const o = await target.open(draft.id);
    expect(o.history.index).toBe(2);
    o.history.steps.forEach((s, i) => expect(plain(s.coverage)).toEqual(plain(history.steps[i]!.coverage)));
    expect(o.reviews.get('overlap:a+b')?.status).toBe('resolved');
    const [v] = await target.listVersions(draft.id);
    expect(v!.label).toBe('before review');
    expect(plain(await target.loadVersion(v!.id))).toEqual(plain(history.steps[1]!.coverage));
    expect(await target.getSetting('tolerance')).toBe(0.1);
    store.close();
    target.close();
  });

  it('importing a draft that exists replaces it when told to, and keeps the other drafts', async () => {
    const { store, draft } = await workspace('replace');
    const file = await store.exportBackup();
    const other = await store.create({ name: 'other', province: '01', dataVersion: 't', base: tinyCoverage() });
    await store.rename(draft.id, 'renamed since');
    expect(await store.importBackup(file, { clash: 'replace' })).toMatchObject({ ok: true, drafts: 1, replaced: 1 });
    const names = (await store.list()).map((d) => d.name).sort();
    expect(names).toEqual(['Hải Phòng nháp', 'other']);
    expect(await store.listVersions(draft.id)).toHaveLength(1);
    expect((await store.open(other.id)).history.steps).toHaveLength(1);
    store.close();
  });

  const refusals: [string, (good: string) => string, string][] = [
    ['a file that is not JSON', () => 'PK\u0003\u0004 zip bytes', 'not-a-backup'],
    ['foreign JSON (a GeoJSON file)', () => JSON.stringify({ type: 'FeatureCollection', features: [] }), 'not-a-backup'],
    ['a truncated backup', (good) => good.slice(0, Math.floor(good.length * 0.6)), 'truncated'],
    ['a backup from a newer format', (good) => good.replace(`"formatVersion":${BACKUP_FORMAT_VERSION}`, '"formatVersion":99'), 'unsupported-version'],
    ['a backup with a history step missing', (good) => {
      const j = JSON.parse(good) as { tables: { steps: unknown[] } };
      j.tables.steps.splice(0, 1);
      return JSON.stringify(j);
    }, 'corrupt'],
    ['a backup with rows of an unknown draft', (good) => {
      const j = JSON.parse(good) as { tables: { units: { draftId: string }[] } };
      j.tables.units[0]!.draftId = 'nobody';
      return JSON.stringify(j);
    }, 'corrupt'],
    ['a backup with a damaged coordinate', (good) => {
      const j = JSON.parse(good) as { tables: { arcs: { coords: unknown[] }[] } };
      j.tables.arcs[0]!.coords[0] = 'x';
      return JSON.stringify(j);
    }, 'corrupt'],
  ];
  for (const [what, make, code] of refusals) {
    it(`refuses ${what} with code ${code} and changes nothing`, async () => {
      const { store } = await workspace(`refuse-${code}`);
      const good = await (await store.exportBackup()).text();
      await store.create({ name: 'made after the export', province: '31', dataVersion: 't', base: tinyCoverage() });
      const before = await dump(store);
      const result = await store.importBackup(blob(make(good)));
      expect(result.ok).toBe(false);
      expect(result.ok === false && result.code).toBe(code);
      expect(result.ok === false && result.detail.length).toBeGreaterThan(0);
      expect(await dump(store)).toEqual(before);
      store.close();
    });
  }

  it('an import whose write fails part-way (quota) rejects and changes nothing', async () => {
    const { store } = await workspace('import-fails');
    const file = await store.exportBackup();
    const target = storeFor(uniqueDbName('import-fails-target'));
    const counter = countWrites(target.db);
    await target.create({ name: 'kept', province: '31', dataVersion: 't', base: tinyCoverage() });
    const before = await dump(target);
    counter.failOn = { table: 'steps', error: quotaError };
    await expect(target.importBackup(file)).rejects.toThrow(/quota/);
    counter.failOn = null;
    expect(await dump(target)).toEqual(before);
    store.close();
    target.close();
  });

  it('an open session on a draft that an import replaced stops writing instead of mixing the two', async () => {
    const { store, draft } = await workspace('import-while-open');
    const file = await store.exportBackup();
    const o = await store.open(draft.id);
    o.session.record(perform(o.history, moveEdit(1, 3, 3), 'move-vertex'));
    await o.session.flush();
    expect(await store.importBackup(file, { clash: 'replace' })).toMatchObject({ ok: true, drafts: 1, replaced: 1 });
    o.session.record(perform(o.history, moveEdit(2, 4, 4), 'move-vertex'));
    await expect(o.session.flush()).rejects.toThrow(/changed elsewhere/);
    expect(o.session.status()).toMatchObject({ kind: 'read-only', reason: 'changed-elsewhere' });
    const reread = await store.open(draft.id, { mode: 'read-only' });
    expect(reread.history.steps).toHaveLength(3); // the imported draft, whole
    store.close();
  });
});
