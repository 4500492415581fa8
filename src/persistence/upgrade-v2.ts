// Upgrade from schema 1 (a whole coverage and its history JSON per draft row) to schema 2 (rows per arc,
// per unit and per history step). Runs inside Dexie's version-change transaction: a failure aborts the
// upgrade and leaves the version 1 data as it was.
import type { Transaction } from 'dexie';
import { HISTORY_FORMAT_VERSION, type HistoryJSON } from '../core/history/history';
import type { ArcRow, BaseRow, DraftRow, DraftRowV1, StepRow, UnitRow } from './rows';
import { encodeArc, encodeDiff, storedUnit } from './codec';

export async function upgradeV1toV2(tx: Transaction): Promise<void> {
  const old = (await tx.table('drafts').toArray()) as DraftRowV1[];
  for (const d of old) {
    const arcs: ArcRow[] = d.coverage.arcs.map((a, id) => ({ draftId: d.id, id, coords: encodeArc(a) }));
    const units: UnitRow[] = d.coverage.units.map((u) => ({ draftId: d.id, ...storedUnit(u) }));
    const base: BaseRow = { draftId: d.id, arcCount: arcs.length, order: d.coverage.units.map((u) => u.id) };
    const history = readHistory(d);
    const steps: StepRow[] = history.steps.map((s, i) => ({ draftId: d.id, seq: i + 1, annotation: s.annotation, diff: encodeDiff(s.diff) }));
    const row: DraftRow = {
      id: d.id, name: d.name, province: d.province, created: d.created, updated: d.updated, dataVersion: d.dataVersion,
      errorCount: null, baseSeq: 0, headSeq: history.index, lastSeq: steps.length,
    };
    await tx.table('arcs').bulkAdd(arcs);
    await tx.table('units').bulkAdd(units);
    await tx.table('bases').add(base);
    await tx.table('steps').bulkAdd(steps);
    await tx.table('drafts').put(row);
  }
}

function readHistory(d: DraftRowV1): HistoryJSON {
  if (d.history === null || d.history === undefined) return { version: HISTORY_FORMAT_VERSION, steps: [], index: 0 };
  const h = d.history as HistoryJSON;
  if (h.version !== HISTORY_FORMAT_VERSION || !Array.isArray(h.steps) || !Number.isInteger(h.index) || h.index < 0 || h.index > h.steps.length) {
    throw new Error(`draft ${d.id}: its version 1 history is not readable (format ${String(h.version)})`);
  }
  return h;
}
