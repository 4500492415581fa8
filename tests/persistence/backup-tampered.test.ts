// Tampered backups (issue 14): each variant damages one draft of a two-draft backup (or a setting) the
// way a crafted or damaged file could. Each must be refused with a fault naming the draft and what is
// wrong, change nothing stored, and on the user's agreement import only the sound rest.
import { describe, expect, it } from 'vitest';
import { perform } from '../../src/core/history/history';
import { BACKUP_SCHEMA_VERSION } from '../../src/persistence/backup-check';
import { SCHEMA_VERSION } from '../../src/persistence/db';
import type { DexieDraftStore } from '../../src/persistence/draft-store';
import type { BackupFaultCode } from '../../src/editor/draft-store-port';
import { addUnitEdit, moveEdit, storeFor, tinyCoverage, uniqueDbName } from './helpers';

type Row = Record<string, unknown>;
interface Tables {
  drafts: Row[];
  bases: Row[];
  arcs: Row[];
  units: Row[];
  steps: Row[];
  reviews: Row[];
  versions: Row[];
  versionData: Row[];
  settings: Row[];
}

const VICTIM = 'Bản nháp bị sửa';

/** A backup of two drafts: "Sound" (one edit) and the victim (two edits, a version, a review), plus a setting. */
async function backup(): Promise<{ text: string; victim: string; sound: string }> {
  const store = storeFor(uniqueDbName('tamper-src'));
  const sound = await store.create({ name: 'Sound', province: '31', dataVersion: 't', base: tinyCoverage() });
  const s = await store.open(sound.id);
  s.session.record(perform(s.history, moveEdit(1, 0.2, 0.2), 'move-vertex'));
  await s.session.close();
  const victim = await store.create({ name: VICTIM, province: '31', dataVersion: 't', base: tinyCoverage() });
  const o = await store.open(victim.id);
  let h = perform(o.history, moveEdit(0, -0.3, -0.3), 'move-vertex');
  h = perform(h, addUnitEdit('N1', 10), 'add-unit');
  o.session.record(h);
  o.session.setReview('overlap:a+b', { status: 'resolved', reason: 'ok', author: 'an', time: 9 });
  await o.session.close();
  await store.saveVersion(victim.id, 'v1', h.steps[2]!.coverage);
  await store.setSetting('toleranceM', 0.1);
  const text = await (await store.exportBackup()).text();
  store.close();
  return { text, victim: victim.id, sound: sound.id };
}

const mine = (rows: Row[], id: string) => rows.filter((r) => r.draftId === id);
const stepWithUnit = (t: Tables, id: string) => mine(t.steps, id).find((s) => ((s.diff as Row).units as unknown[]).length > 0)!;
const firstArc = (t: Tables, id: string) => mine(t.arcs, id).find((a) => (a.coords as unknown[]).length > 0)!;
const firstUnit = (t: Tables, id: string) => mine(t.units, id)[0]!;
const victimRow = (t: Tables, id: string) => t.drafts.find((d) => d.id === id)!;

/** [what, tamper (tables, victim id), fault code, draft the fault names: 'victim' | null | other id]. */
type Variant = [string, (t: Tables, id: string) => void, BackupFaultCode, 'victim' | null | string];

const variants: Variant[] = [
  ['an out-of-range arc reference in a unit', (t, id) => ((firstUnit(t, id).polygons as number[][][])[0]![0]![0] = 999), 'arc-reference', 'victim'],
  ['a reversed out-of-range arc reference', (t, id) => ((firstUnit(t, id).polygons as number[][][])[0]![0]![0] = ~999), 'arc-reference', 'victim'],
  ['an out-of-range arc reference in a history step', (t, id) => {
    const u = ((stepWithUnit(t, id).diff as Row).units as Row[])[0]!.unit as Row;
    (u.polygons as number[][][])[0]![0]![0] = 500;
  }, 'arc-reference', 'victim'],
  ['an arc id beyond the arc count', (t, id) => (firstArc(t, id).id = 10_000), 'arc-reference', 'victim'],
  ['a broken history diff (arcs not a list)', (t, id) => ((mine(t.steps, id)[0]!.diff as Row).arcs = 'gone'), 'history-step', 'victim'],
  ['a history diff ordering a unit that does not exist', (t, id) => ((mine(t.steps, id)[0]!.diff as Row).order = ['10001', 'ghost']), 'history-step', 'victim'],
  ['a history step missing', (t, id) => t.steps.splice(t.steps.indexOf(mine(t.steps, id)[0]!), 1), 'history-steps', 'victim'],
  ['a history step twice', (t, id) => t.steps.push({ ...mine(t.steps, id)[0]! }), 'duplicate-row', 'victim'],
  ['a negative step seq', (t, id) => (mine(t.steps, id)[0]!.seq = -1), 'history-steps', 'victim'],
  ['a negative base seq', (t, id) => (victimRow(t, id).baseSeq = -3), 'history-pointers', 'victim'],
  ['a head beyond the last step', (t, id) => (victimRow(t, id).headSeq = 7), 'history-pointers', 'victim'],
  ['a 1e308 coordinate in the base', (t, id) => ((firstArc(t, id).coords as number[])[0] = 1e308), 'coordinate', 'victim'],
  ['a 1e308 coordinate in a history step', (t, id) => ((((mine(t.steps, id)[0]!.diff as Row).arcs as Row[])[0]!.coords as number[])[1] = 1e308), 'coordinate', 'victim'],
  ['a latitude of 91', (t, id) => ((firstArc(t, id).coords as number[])[1] = 91), 'coordinate', 'victim'],
  ['a NaN-ish string coordinate', (t, id) => ((firstArc(t, id).coords as unknown[])[0] = 'NaN'), 'coordinate', 'victim'],
  ['an odd number of coordinates', (t, id) => (firstArc(t, id).coords as number[]).pop(), 'coordinate', 'victim'],
  ['a province that is an object', (t, id) => (victimRow(t, id).province = { code: '31', toString: 'x' }), 'draft-field', 'victim'],
  ['a 100,000-character name', (t, id) => (victimRow(t, id).name = 'x'.repeat(100_000)), 'draft-field', 'victim'],
  ['a data version that is a number', (t, id) => (victimRow(t, id).dataVersion = 5), 'draft-field', 'victim'],
  ['an update time "NaN"', (t, id) => (victimRow(t, id).updated = 'NaN'), 'draft-field', 'victim'],
  ['a version without its data', (t) => t.versionData.splice(0, 1), 'version', 'victim'],
  ['version offsets past the coordinates', (t) => ((t.versionData[0]!.offsets as number[]).push(99_999)), 'version', 'victim'],
  ['a version unit referring to a missing arc', (t) => ((((t.versionData[0]!.units as Row[])[0]!.polygons as number[][][])[0]![0]![0]) = 77), 'arc-reference', 'victim'],
  ['a review with an unknown status', (t, id) => (mine(t.reviews, id)[0]!.status = 'approved-by-hacker'), 'review', 'victim'],
  ['a review whose reason is an object', (t, id) => (mine(t.reviews, id)[0]!.reason = { $gt: '' }), 'review', 'victim'],
  ['a unit type that does not exist', (t, id) => ((firstUnit(t, id).attrs as Row).type = 'city'), 'unit', 'victim'],
  ['attributes nested 100 deep', (t, id) => {
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = { d: deep };
    (firstUnit(t, id).attrs as Row).extra = { deep };
  }, 'unit', 'victim'],
  ['a unit id "__proto__" in a history step', (t, id) => {
    const u = ((stepWithUnit(t, id).diff as Row).units as Row[])[0]!;
    u.id = '__proto__';
    (u.unit as Row).id = '__proto__';
  }, 'forbidden-key', 'victim'],
  ['a draft without a base', (t, id) => t.bases.splice(t.bases.findIndex((b) => b.draftId === id), 1), 'base', 'victim'],
  ['two drafts with one id', (t, id) => t.drafts.push({ ...victimRow(t, id) }), 'duplicate-row', 'victim'],
  ['rows of a draft the backup does not list', (t, id) => t.units.push({ ...firstUnit(t, id), draftId: 'nobody' }), 'orphan-rows', 'nobody'],
  // References to arcs that exist, but no ring (the deep check once passed these; the draft then broke the editor).
  ['a unit ring of one arc used three times', (t, id) => ((firstUnit(t, id).polygons as number[][][])[0]![0] = [0, 0, 0]), 'unit', 'victim'],
  ['a unit ring of arcs that do not join', (t, id) => {
    const ring = (firstUnit(t, id).polygons as number[][][])[0]![0]!;
    if (ring.length > 1) ring.reverse();
    else ring[0] = ~ring[0]!;
    ring.push(ring[0]!);
  }, 'unit', 'victim'],
  ['a history step that empties an arc a unit uses', (t, id) => (((mine(t.steps, id)[0]!.diff as Row).arcs as Row[])[0]!.coords = []), 'unit', 'victim'],
  ['a version unit whose ring does not close', (t) => {
    const ring = ((t.versionData[0]!.units as Row[])[0]!.polygons as number[][][])[0]![0]!;
    ring.push(ring[0]!);
  }, 'unit', 'victim'],
  ['a setting whose key is a number', (t) => t.settings.push({ key: 42, value: 1 }), 'setting', null],
  ['a setting named "__proto__"', (t) => t.settings.push({ key: '__proto__', value: { polluted: true } }), 'forbidden-key', null],
];

/** Every row of every table, to show that a refused import changed nothing. */
async function dump(store: DexieDraftStore): Promise<unknown> {
  const out: Record<string, unknown> = {};
  for (const t of store.db.tables) out[t.name] = await t.toArray();
  return out;
}

const blob = (text: string) => new Blob([text], { type: 'application/json' });

describe('tampered backups', () => {
  it('the backup format names the same row schema as the database', () => {
    expect(BACKUP_SCHEMA_VERSION).toBe(SCHEMA_VERSION);
  });

  it('a sound backup passes the deep check with no fault', async () => {
    const { text } = await backup();
    const store = storeFor(uniqueDbName('tamper-sound'));
    const check = await store.checkBackup(blob(text));
    expect(check.ok && check.faults).toEqual([]);
    expect(check.ok && check.drafts.map((d) => d.name).sort()).toEqual([VICTIM, 'Sound']);
    store.close();
  });

  it(`counts: ${variants.length} variants`, () => expect(variants.length).toBeGreaterThanOrEqual(27));

  for (const [what, tamper, code, names] of variants) {
    it(`${what}: refused (${code}) naming the draft, nothing stored changes; imported in part when agreed`, async () => {
      const { text, victim, sound } = await backup();
      const t = JSON.parse(text) as { tables: Tables };
      tamper(t.tables, victim);
      const file = blob(JSON.stringify(t));
      const store = storeFor(uniqueDbName('tamper'));
      const kept = await store.create({ name: 'kept', province: '31', dataVersion: 't', base: tinyCoverage() });
      const before = await dump(store);

      const check = await store.checkBackup(file);
      if (!check.ok) throw new Error(`the file as a whole was refused: ${check.detail}`);
      const draftId = names === 'victim' ? victim : names;
      const fault = check.faults.find((f) => f.draftId === draftId);
      expect(fault, JSON.stringify(check.faults)).toBeDefined();
      expect(fault!.code).toBe(code);
      expect(fault!.where.length).toBeGreaterThan(0);
      expect(fault!.detail.length).toBeGreaterThan(0);
      if (names === 'victim' && code !== 'draft-field') expect(fault!.draftName).toBe(VICTIM);
      expect(check.faults).toHaveLength(1);

      // Without agreement: refused, naming the draft and the fault, and nothing written.
      const refused = await store.importChecked(check.ref);
      expect(refused.ok).toBe(false);
      expect(!refused.ok && refused.code).toBe('corrupt');
      if (draftId) expect(!refused.ok && refused.detail).toContain(draftId);
      expect(!refused.ok && refused.detail).toContain(code);
      expect(await dump(store)).toEqual(before);

      // With agreement: the sound drafts come in and open; the damaged one does not.
      const result = await store.importChecked(check.ref, { partial: true });
      expect(result.ok).toBe(true);
      const ids = (await store.list()).map((d) => d.id);
      expect(ids).toContain(kept.id);
      expect(ids).toContain(sound);
      expect(ids.includes(victim)).toBe(names !== 'victim');
      for (const id of ids) await (await store.open(id, { mode: 'read-only' })).session.close();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      store.close();
    });
  }
});
