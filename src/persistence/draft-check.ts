// One draft's rows checked as deeply as opening it: every field, every coordinate, every arc reference,
// the base rebuilt into a coverage, every history step applied, every version unpacked. The same check
// guards a backup before it is written and a stored draft before it reaches the editor, so a draft that
// passes here opens, and one that fails is reported with what is wrong instead of breaking the page.
import { HISTORY_FORMAT_VERSION, historyFromJSON, type History } from '../core/history/history';
import { applyDiff, type CoverageDiff, type UnitRecord } from '../core/history/diff';
import type { Arc, Coverage, Unit } from '../core/model/types';
import { coverageFromRows, decodeArc, unpackCoverage } from './codec';
import type { ArcRow, BaseRow, DraftRow, ReviewRow, StepRow, StoredDiff, StoredUnit, UnitRow, VersionDataRow, VersionRow } from './rows';
import { coords, fail, finite, int, key, LIMITS, list, obj, own, polygons, storedUnit, text, type Obj } from './row-fields';

/** A draft's rows as read from a file or a database: nothing about them is trusted yet. */
export interface RawDraftRows {
  readonly row: unknown;
  readonly base: unknown;
  readonly arcs: readonly unknown[];
  readonly units: readonly unknown[];
  readonly steps: readonly unknown[];
  readonly reviews: readonly unknown[];
  readonly versions: readonly unknown[];
  /** Data rows of the versions above (any order; matched by versionId). */
  readonly versionData: readonly unknown[];
}

export interface DraftRows {
  readonly row: DraftRow;
  readonly base: BaseRow;
  readonly arcs: readonly ArcRow[];
  readonly units: readonly UnitRow[];
  /** In sequence order. */
  readonly steps: readonly StepRow[];
  readonly reviews: readonly ReviewRow[];
  readonly versions: readonly { readonly row: VersionRow; readonly data: VersionDataRow }[];
}

export interface CheckedDraft extends DraftRows {
  readonly baseCoverage: Coverage;
  readonly history: History;
}

const SEQ_MAX = 1e12;

/** The draft row alone: what the drafts screen shows and the history pointers. */
export function checkDraftRow(x: unknown): DraftRow {
  const o = obj(x, 'draft', 'draft-field');
  const errorCount = own(o, 'errorCount') ?? null;
  const row: DraftRow = {
    id: key(own(o, 'id'), 'draft.id', 'draft-field'),
    name: text(own(o, 'name'), 'draft.name', LIMITS.name, 'draft-field'),
    province: text(own(o, 'province'), 'draft.province', LIMITS.province, 'draft-field'),
    created: finite(own(o, 'created'), 'draft.created', 'draft-field'),
    updated: finite(own(o, 'updated'), 'draft.updated', 'draft-field'),
    dataVersion: text(own(o, 'dataVersion'), 'draft.dataVersion', LIMITS.dataVersion, 'draft-field'),
    errorCount: errorCount === null ? null : int(errorCount, 'draft.errorCount', 'draft-field'),
    baseSeq: int(own(o, 'baseSeq'), 'draft.baseSeq', 'history-pointers', 0, SEQ_MAX),
    headSeq: int(own(o, 'headSeq'), 'draft.headSeq', 'history-pointers', 0, SEQ_MAX),
    lastSeq: int(own(o, 'lastSeq'), 'draft.lastSeq', 'history-pointers', 0, SEQ_MAX),
  };
  if (!(row.baseSeq <= row.headSeq && row.headSeq <= row.lastSeq)) {
    fail('history-pointers', 'draft', `base ${row.baseSeq}, head ${row.headSeq}, last ${row.lastSeq} are not in order`);
  }
  return row;
}

function owned(o: Obj, draftId: string, where: string): void {
  if (own(o, 'draftId') !== draftId) fail('orphan-rows', `${where}.draftId`, 'names another draft');
}

function unique<T>(items: readonly T[], keyOf: (t: T) => string | number, where: string): void {
  const seen = new Set<string | number>();
  for (const t of items) {
    const k = keyOf(t);
    if (seen.has(k)) fail('duplicate-row', where, `${JSON.stringify(k)} appears twice`);
    seen.add(k);
  }
}

function unitRecord(u: StoredUnit): UnitRecord {
  return { id: u.id, attrs: u.attrs, polygons: u.polygons };
}

function checkStep(x: unknown, draftId: string, where: string): StepRow {
  const o = obj(x, where, 'history-step');
  owned(o, draftId, where);
  const d = obj(own(o, 'diff'), `${where}.diff`, 'history-step');
  const arcCount = int(own(d, 'arcCount'), `${where}.diff.arcCount`, 'history-step', 0, LIMITS.arcs);
  const arcs = list(own(d, 'arcs'), `${where}.diff.arcs`, 'history-step').map((a, i) => {
    const w = `${where}.diff.arcs[${i}]`;
    const ao = obj(a, w, 'history-step');
    return { id: int(own(ao, 'id'), `${w}.id`, 'arc-reference', 0, arcCount - 1), coords: coords(own(ao, 'coords'), `${w}.coords`) };
  });
  const units = list(own(d, 'units'), `${where}.diff.units`, 'history-step').map((u, i) => {
    const w = `${where}.diff.units[${i}]`;
    const uo = obj(u, w, 'history-step');
    const id = key(own(uo, 'id'), `${w}.id`, 'history-step', LIMITS.unitId);
    const raw = own(uo, 'unit') ?? null;
    const unit = raw === null ? null : storedUnit(raw, `${w}.unit`, arcCount);
    if (unit && unit.id !== id) fail('history-step', `${w}.unit.id`, `is ${unit.id}, not ${id}`);
    return { id, unit };
  });
  unique(arcs, (a) => a.id, `${where}.diff.arcs`);
  unique(units, (u) => u.id, `${where}.diff.units`);
  const rawOrder = own(d, 'order');
  const order = rawOrder === undefined ? undefined : list(rawOrder, `${where}.diff.order`, 'history-step').map((id, i) => key(id, `${where}.diff.order[${i}]`, 'history-step', LIMITS.unitId));
  if (order) unique(order, (id) => id, `${where}.diff.order`);
  const diff: StoredDiff = { arcCount, arcs, units, ...(order ? { order } : {}) };
  return {
    draftId,
    seq: int(own(o, 'seq'), `${where}.seq`, 'history-steps', 1, SEQ_MAX),
    annotation: text(own(o, 'annotation') ?? '', `${where}.annotation`, LIMITS.text, 'history-step'),
    diff,
  };
}

/** A stored diff for applyDiff; units keyed in a null-prototype record, so any unit id is only a key. */
function decodeStep(s: StoredDiff): CoverageDiff {
  const arcs: Record<number, Arc> = {};
  for (const a of s.arcs) arcs[a.id] = decodeArc(a.coords);
  const units = Object.create(null) as Record<string, UnitRecord | null>;
  for (const u of s.units) units[u.id] = u.unit ? unitRecord(u.unit) : null;
  return { arcCount: s.arcCount, arcs, units, ...(s.order ? { order: s.order } : {}) };
}

/**
 * Every ring of every unit is a ring: its arcs have two points or more, each starts where the one before
 * ends (in the direction referred to), the last ends where the first starts, and it passes three distinct
 * points or more. References that only name existing arcs can still make none (a ring [[0, 0, 0]], an
 * arc emptied by a step), and the editor then fails to draw the draft it opened.
 */
function checkRings(c: Coverage, where: string, only?: (u: Unit) => boolean): void {
  const start = (ref: number) => {
    const a = c.arcs[ref < 0 ? ~ref : ref]!;
    return ref < 0 ? a[a.length - 1]! : a[0]!;
  };
  const end = (ref: number) => {
    const a = c.arcs[ref < 0 ? ~ref : ref]!;
    return ref < 0 ? a[0]! : a[a.length - 1]!;
  };
  const same = (p: readonly number[], q: readonly number[]) => p[0] === q[0] && p[1] === q[1];
  for (const u of c.units.values()) {
    if (only && !only(u)) continue;
    u.polygons.forEach((poly, i) =>
      poly.forEach((ring, j) => {
        const w = `${where} unit ${u.id} ring [${i}][${j}]`;
        let points = 0;
        const seen = new Set<string>();
        ring.forEach((ref, k) => {
          const a = c.arcs[ref < 0 ? ~ref : ref]!;
          if (a.length < 2) fail('unit', w, `arc ${ref < 0 ? ~ref : ref} has ${a.length} point${a.length === 1 ? '' : 's'}`);
          if (k > 0 && !same(end(ring[k - 1]!), start(ref))) fail('unit', w, `arc ${k} does not start where arc ${k - 1} ends`);
          for (let m = 0; m < a.length && seen.size < 3; m++) seen.add(`${a[m]![0]},${a[m]![1]}`);
          points += a.length;
        });
        if (!same(end(ring[ring.length - 1]!), start(ring[0]!))) fail('unit', w, 'does not close');
        if (seen.size < 3 || points < 4) fail('unit', w, 'has fewer than three distinct points');
      }),
    );
  }
}

/** Applies one step and checks the result is a coverage whose every reference names an arc it has. */
function applyStep(before: Coverage, step: StepRow, where: string): { after: Coverage; diff: CoverageDiff } {
  const diff = decodeStep(step.diff);
  let after: Coverage;
  try {
    after = applyDiff(before, diff);
  } catch (e) {
    return fail('history-step', where, (e as Error).message);
  }
  if (step.diff.order && step.diff.order.length !== after.units.size) {
    fail('history-step', `${where}.diff.order`, `names ${step.diff.order.length} units, the state has ${after.units.size}`);
  }
  // Units the step carries were checked against its arc count; the others only need a re-check when arcs
  // were dropped (the app only appends, so a shorter list is damage unless no unit used the dropped arcs).
  if (after.arcs.length < before.arcs.length) {
    for (const u of after.units.values()) polygons(u.polygons, `${where} unit ${u.id}`, after.arcs.length);
  }
  // What the step changed: the units it carries, and those that use an arc it rewrote.
  const arcs = new Set(step.diff.arcs.map((a) => a.id));
  const carried = new Set(step.diff.units.map((u) => u.id));
  checkRings(after, where, (u) => carried.has(u.id) || u.polygons.some((p) => p.some((r) => r.some((ref) => arcs.has(ref < 0 ? ~ref : ref)))));
  return { after, diff };
}

function checkVersion(v: unknown, data: readonly Obj[], draftId: string, where: string): { row: VersionRow; data: VersionDataRow } {
  const o = obj(v, where, 'version');
  owned(o, draftId, where);
  const id = int(own(o, 'id'), `${where}.id`, 'version');
  const row: VersionRow = {
    id,
    draftId,
    label: text(own(o, 'label'), `${where}.label`, LIMITS.name, 'version'),
    time: finite(own(o, 'time'), `${where}.time`, 'version'),
    unitCount: int(own(o, 'unitCount'), `${where}.unitCount`, 'version'),
  };
  const mine = data.filter((d) => own(d, 'versionId') === id);
  if (mine.length === 0) fail('version', `${where} "${row.label}"`, 'has no data');
  if (mine.length > 1) fail('duplicate-row', `${where} "${row.label}"`, `has ${mine.length} data rows`);
  const d = mine[0]!;
  const w = `${where} "${row.label}" data`;
  const packed = coords(own(d, 'coords'), `${w}.coords`);
  const rawOffsets = own(d, 'offsets');
  const offsetList = rawOffsets instanceof Uint32Array ? Array.from(rawOffsets) : list(rawOffsets, `${w}.offsets`, 'version');
  const positions = packed.length / 2;
  let previous = 0;
  const offsets = offsetList.map((n, i) => {
    const at = int(n, `${w}.offsets[${i}]`, 'version', previous, positions);
    if (i === 0 && at !== 0) fail('version', `${w}.offsets[0]`, 'is not 0');
    previous = at;
    return at;
  });
  if (offsets.length === 0 || previous !== positions) fail('version', `${w}.offsets`, `do not end at the ${positions} positions stored`);
  const arcCount = offsets.length - 1;
  const units = list(own(d, 'units'), `${w}.units`, 'version').map((u, i) => storedUnit(u, `${w}.units[${i}]`, arcCount));
  unique(units, (u) => u.id, `${w}.units`);
  const data2: VersionDataRow = { versionId: id, coords: packed, offsets: Uint32Array.from(offsets), units };
  checkRings(unpackCoverage(data2), w);
  return { row, data: data2 };
}

const REVIEW_STATUS = new Set(['open', 'resolved', 'exception']);

function checkReview(x: unknown, draftId: string, where: string): ReviewRow {
  const o = obj(x, where, 'review');
  owned(o, draftId, where);
  const status = own(o, 'status');
  if (typeof status !== 'string' || !REVIEW_STATUS.has(status)) fail('review', `${where}.status`, `is not one of ${[...REVIEW_STATUS].join(', ')}`);
  return {
    draftId,
    issueId: key(own(o, 'issueId'), `${where}.issueId`, 'review', LIMITS.issueId),
    status: status as ReviewRow['status'],
    reason: text(own(o, 'reason'), `${where}.reason`, LIMITS.text, 'review'),
    author: text(own(o, 'author'), `${where}.author`, LIMITS.name, 'review'),
    time: finite(own(o, 'time'), `${where}.time`, 'review'),
  };
}

/** Checks one draft's rows and rebuilds it; throws RowFault with the first fault found. */
export function checkDraft(raw: RawDraftRows): CheckedDraft {
  const row = checkDraftRow(raw.row);
  const id = row.id;
  const bo = obj(raw.base, 'base', 'base');
  owned(bo, id, 'base');
  const arcCount = int(own(bo, 'arcCount'), 'base.arcCount', 'base', 0, LIMITS.arcs);
  const order = list(own(bo, 'order'), 'base.order', 'base').map((u, i) => key(u, `base.order[${i}]`, 'base', LIMITS.unitId));
  unique(order, (u) => u, 'base.order');
  const base: BaseRow = { draftId: id, arcCount, order };
  const arcs: ArcRow[] = raw.arcs.map((a, i) => {
    const o = obj(a, `arcs[${i}]`, 'base');
    owned(o, id, `arcs[${i}]`);
    const arcId = int(own(o, 'id'), `arcs[${i}].id`, 'arc-reference', 0, arcCount - 1);
    return { draftId: id, id: arcId, coords: coords(own(o, 'coords'), `arc ${arcId}.coords`) };
  });
  unique(arcs, (a) => a.id, 'arcs');
  const units: UnitRow[] = raw.units.map((u, i) => {
    const o = obj(u, `units[${i}]`, 'unit');
    owned(o, id, `units[${i}]`);
    return { draftId: id, ...storedUnit(o, `units[${i}]`, arcCount) };
  });
  unique(units, (u) => u.id, 'units');
  let baseCoverage: Coverage;
  try {
    baseCoverage = coverageFromRows(arcCount, arcs, order, units);
  } catch (e) {
    return fail('base', 'base', (e as Error).message);
  }
  checkRings(baseCoverage, 'base');

  const steps = raw.steps.map((s, i) => checkStep(s, id, `steps[${i}]`)).sort((a, b) => a.seq - b.seq);
  unique(steps, (s) => s.seq, 'steps');
  const expected = row.lastSeq - row.baseSeq;
  if (steps.length !== expected || steps.some((s, i) => s.seq !== row.baseSeq + 1 + i)) {
    fail('history-steps', 'steps', `expected steps ${row.baseSeq + 1}..${row.lastSeq}, found ${steps.length} with other numbers`);
  }
  let state = baseCoverage;
  const diffs: CoverageDiff[] = [];
  for (const s of steps) {
    const { after, diff } = applyStep(state, s, `step ${s.seq} (${s.annotation})`);
    diffs.push(diff);
    state = after;
  }
  let history: History;
  try {
    history = historyFromJSON(baseCoverage, {
      version: HISTORY_FORMAT_VERSION,
      steps: steps.map((s, i) => ({ annotation: s.annotation, diff: diffs[i]! })),
      index: row.headSeq - row.baseSeq,
    });
  } catch (e) {
    return fail('history-step', 'history', (e as Error).message);
  }

  const reviews = raw.reviews.map((r, i) => checkReview(r, id, `reviews[${i}]`));
  unique(reviews, (r) => r.issueId, 'reviews');
  const data = raw.versionData.map((d, i) => obj(d, `versionData[${i}]`, 'version'));
  const versions = raw.versions.map((v, i) => checkVersion(v, data, id, `versions[${i}]`));
  unique(versions, (v) => v.row.id!, 'versions');
  return { row, base, arcs, units, steps, reviews, versions, baseCoverage, history };
}
